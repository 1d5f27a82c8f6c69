import DeltaLog
import Metastore

/// A resolved table: its directory, and for a catalog name the name and the catalog that holds it.
struct TableLocation {
    /// How errors name the table: the path or `db.table`.
    let label: String
    let path: String
    let name: QualifiedTableName?
    let catalog: (any Metastore)?

    var table: DeltaTable { DeltaTable(path: path) }

    func exists() throws -> Bool {
        do { return try table.exists() } catch { throw CLIError.table(label, error) }
    }

    /// Runs a DeltaLog operation, reporting its failure with the table's name.
    func run<T>(_ body: (DeltaTable) throws(DeltaLogError) -> T) throws -> T {
        do { return try body(table) } catch { throw CLIError.table(label, error) }
    }

    /// After a write that may have evolved the schema: brings the catalog entry in line with the table.
    func syncCatalog() throws {
        guard let name, let catalog else { return }
        do {
            try catalog.sync(name.database, name.table, deltaTableAt: path)
        } catch {
            throw CLIError.catalog(error.description)
        }
    }
}
