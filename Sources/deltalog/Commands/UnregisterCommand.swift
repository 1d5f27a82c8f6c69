import ArgumentParser
import Metastore

/// `deltalog unregister db.table`: removes the table from the catalog; its data stays.
struct UnregisterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unregister", abstract: "Remove a table from the catalog (its files are kept).")

    @OptionGroup var catalog: CatalogOptions

    @Argument(help: "The table, as db.table.", transform: QualifiedTableName.parse)
    var table: QualifiedTableName

    func run() throws {
        try catalog.open().dropTable(table.database, table.table, purge: false)
        print("unregistered \(table.description)")
    }
}
