import ArgumentParser
import DeltaLog
import Metastore

/// The table argument and the catalog options of every command that works on one table.
struct TableOptions: ParsableArguments {
    @OptionGroup var catalog: CatalogOptions

    @Argument(help: "The table: a directory path (containing '/'), or db.table in the catalog.",
              transform: TableReference.parse)
    var table: TableReference

    /// Where the table is; for a catalog name the catalog must know it.
    func locate() throws -> TableLocation {
        switch table {
        case let .path(p):
            return TableLocation(label: p, path: p, name: nil, catalog: nil)
        case let .catalog(name):
            let ms = try catalog.open()
            let record: TableRecord
            do {
                record = try ms.table(name.database, name.table)
            } catch .tableNotFound, .databaseNotFound {
                throw CLIError.tableNotFound(name.description)
            } catch {
                throw CLIError.catalog(error.description)
            }
            guard let path = record.localPath else {
                throw CLIError.failed("\(name): location \(record.location) is not a local directory")
            }
            return TableLocation(label: name.description, path: path, name: name, catalog: ms)
        }
    }

    /// The table, which must exist.
    func open() throws -> TableLocation {
        let location = try locate()
        guard try location.exists() else { throw CLIError.tableNotFound(location.label) }
        return location
    }
}
