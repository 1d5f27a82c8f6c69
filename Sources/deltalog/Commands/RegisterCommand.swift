import ArgumentParser
import DeltaLog
import Metastore

/// `deltalog register db.table PATH`: adds an existing Delta table to the catalog.
struct RegisterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register", abstract: "Register an existing Delta table in the catalog under db.table.")

    @OptionGroup var catalog: CatalogOptions

    @Argument(help: "The catalog name, as db.table.", transform: QualifiedTableName.parse)
    var table: QualifiedTableName

    @Argument(help: "The table's directory.")
    var path: String

    func run() throws {
        let location = CatalogOptions.absolute(path)
        let snapshot: Snapshot
        do {
            snapshot = try DeltaTable(path: location).snapshot()
        } catch {
            throw CLIError.table(location, error)
        }
        let record = try catalog.open().createTable(
            CatalogTableDefinition(database: table.database, name: table.table, location: location, snapshot: snapshot))
        print("registered \(table) at \(record.location) (version \(snapshot.version), \(record.columns.count) columns)")
    }
}
