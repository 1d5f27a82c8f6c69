import ArgumentParser
import DeltaLog

/// `deltalog delete TABLE --where EXPR`: deletes matching rows with deletion vectors.
struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete the rows where EXPR holds (marked with deletion vectors; no file is rewritten).")

    @OptionGroup var target: TableOptions

    @Option(name: .customLong("where"), help: "The rows to delete (see 'show --help' for EXPR).")
    var filter: String

    @OptionGroup var output: OutputOptions

    func run() throws {
        let location = try target.open()
        let snapshot = try location.run { t throws(DeltaLogError) in try t.snapshot() }
        let logical = try location.run { _ throws(DeltaLogError) in try snapshot.schema.logicalSchema() }
        let predicate = try ExprBinder.predicate(filter, option: "--where", schema: logical)
        let result = try location.run { t throws(DeltaLogError) in try t.delete(where: predicate) }
        MutationReport.print(result, verb: "deleted", rows: result.rowsDeleted, table: location.label, json: output.json)
    }
}
