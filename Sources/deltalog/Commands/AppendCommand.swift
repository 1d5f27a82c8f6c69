import ArgumentParser
import Columnar
import DeltaLog

/// `deltalog append TABLE FILE`: appends the rows of an NDJSON or CSV file; creates the table from the
/// file's inferred schema when it does not exist yet.
struct AppendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append the rows of an NDJSON or CSV file (- for standard input), creating the table from the file's schema if needed.")

    @OptionGroup var target: TableOptions
    @OptionGroup var input: InputOptions

    @Option(name: .customLong("partition-by"), help: "When the table is created: partition columns, comma-separated.")
    var partitionBy: [String] = []

    @Option(help: "When the table is created: native or parquet data files.")
    var format: TableFormatOption = .native

    @OptionGroup var output: OutputOptions

    func run() throws {
        let records = try input.records()
        var location = try locateOrNil()
        var created = false
        if location == nil {
            let schema = try SchemaSpec.schema(records.inference.columns.map { ($0.name, $0.type.dataType, true) })
            location = try TableCreator(reference: target.table, catalog: target.catalog, schema: schema,
                                        partitionBy: ListOption.flatten(partitionBy), columnarFiles: format.columnarFiles).create().0
            created = true
        }
        guard let location else { return }
        let snapshot = try location.run { t throws(DeltaLogError) in try t.snapshot() }
        let batch = try InputBatchBuilder(input: records, table: snapshot.schema).batch()
        let commit = try location.run { t throws(DeltaLogError) in try t.append([batch]) }
        try location.syncCatalog()
        if output.json {
            Console.json(.members([("table", .string(location.label)), ("created", .bool(created)),
                                   ("rows", .int(batch.rowCount)), ("version", .int(commit.version))]))
        } else {
            Console.out("\(created ? "created \(location.label) and appended" : "appended") \(Plural.count(batch.rowCount, "row"))"
                        + "\(created ? "" : " to \(location.label)"): version \(commit.version)")
        }
    }

    /// The table when it exists; nil when it does not (yet).
    private func locateOrNil() throws -> TableLocation? {
        let location: TableLocation
        do { location = try target.locate() } catch CLIError.tableNotFound { return nil }
        return try location.exists() ? location : nil
    }
}
