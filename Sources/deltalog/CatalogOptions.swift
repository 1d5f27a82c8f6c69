import ArgumentParser
import Foundation
import Metastore

/// Where the catalog is, for every command that names a table as `db.table`.
struct CatalogOptions: ParsableArguments {
    @Option(help: "The catalog: a postgresql:// URL (password from PGPASSWORD or ~/.pgpass, never on the command line) or a warehouse path. Default: the embedded catalog of --warehouse.")
    var metastore: String?

    @Option(help: "The warehouse directory: home of the embedded catalog and of default table locations.")
    var warehouse: String = "./lakehouse"

    func open() throws -> any Metastore {
        do {
            return try MetastoreLocation.open(metastore, warehouse: absoluteWarehouse)
        } catch {
            throw ValidationError("cannot open the catalog: \(error)")
        }
    }

    var absoluteWarehouse: String { CatalogOptions.absolute(warehouse) }

    /// `path` made absolute against the working directory, so catalog locations never depend on it.
    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (full as NSString).standardizingPath
    }
}

/// A `db.table` argument; a bare `table` means `default.table`.
struct QualifiedTableName: Sendable, CustomStringConvertible {
    let database: String
    let table: String

    /// Parses and validates `db.table`, saying which naming rule a bad name breaks.
    static func parse(_ argument: String) throws -> QualifiedTableName {
        let parts = argument.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 1 || parts.count == 2 else { throw ValidationError("'\(argument)' is not db.table") }
        let name = parts.count == 1 ? QualifiedTableName(database: "default", table: parts[0])
                                    : QualifiedTableName(database: parts[0], table: parts[1])
        do {
            try Identifier.validate(name.database)
            try Identifier.validate(name.table)
        } catch {
            throw ValidationError("\(error)")
        }
        return name
    }

    var description: String { "\(database).\(table)" }
}
