import ArgumentParser
import Metastore

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
