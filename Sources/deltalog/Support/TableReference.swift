import ArgumentParser
import Foundation

/// How a command names its table: a directory path, or `db.table` in the catalog. An argument with a `/`,
/// or naming an existing directory, is a path; anything else is a catalog name (a bare name means
/// `default.name`), so `./t` names the directory `t`.
enum TableReference: CustomStringConvertible {
    case path(String)
    case catalog(QualifiedTableName)

    static func parse(_ argument: String) throws -> TableReference {
        guard !argument.isEmpty else { throw ValidationError("the table name is empty") }
        var isDirectory: ObjCBool = false
        if argument.contains("/") || argument == "." || argument == ".."
            || (FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) && isDirectory.boolValue) {
            return .path(CatalogOptions.absolute(argument))
        }
        return .catalog(try QualifiedTableName.parse(argument))
    }

    var description: String {
        switch self {
        case let .path(p): return p
        case let .catalog(n): return n.description
        }
    }
}
