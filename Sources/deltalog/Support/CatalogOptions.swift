import ArgumentParser
import Foundation
import Metastore

/// Where the catalog is, for every command that names a table as `db.table`.
struct CatalogOptions: ParsableArguments {
    @Option(help: "The catalog: a postgresql:// URL (password from PGPASSWORD or ~/.pgpass, never on the command line) or a warehouse path. Default: the embedded catalog of --warehouse.")
    var metastore: String?

    @Option(help: "The warehouse directory: home of the embedded catalog and of default table locations.")
    var warehouse: String = "./lakehouse"

    /// The catalog; failing to open it is a runtime error (exit status 1), not a usage error.
    func open() throws -> any Metastore {
        do {
            return try MetastoreLocation.open(metastore, warehouse: absoluteWarehouse)
        } catch {
            throw CLIError.catalog("cannot open the catalog: \(error)")
        }
    }

    var absoluteWarehouse: String { CatalogOptions.absolute(warehouse) }

    /// `path` made absolute against the working directory, so catalog locations never depend on it.
    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (full as NSString).standardizingPath
    }
}
