/// Errors from the catalog. Each case names what was wrong and where, so a caller can react to
/// "already exists" or "not found" without parsing messages.
public enum MetastoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An identifier broke a naming rule; `rule` says which one.
    case invalidName(String, rule: NameRule)
    /// Two different untrusted inputs sanitised to the same identifier.
    case nameCollision(name: String, first: String, second: String)
    case databaseNotFound(String)
    case databaseAlreadyExists(String)
    /// `dropDatabase` without cascade on a database that still holds tables.
    case databaseNotEmpty(String, tables: Int)
    /// The `default` database cannot be dropped (Hive refuses it too; readers assume it exists).
    case cannotDropDefaultDatabase
    case tableNotFound(database: String, table: String)
    case tableAlreadyExists(database: String, table: String)
    /// A table definition is inconsistent (duplicate column, unknown partition column, …).
    case invalidDefinition(database: String, table: String, reason: String)
    /// A type name (Hive syntax or Spark JSON) could not be parsed.
    case invalidType(String, reason: String)
    /// A value is longer than the narrowest column of either Hive schema variant can hold.
    case valueTooLong(field: String, length: Int, limit: Int)
    /// The PostgreSQL database holds a Hive schema of a version this writer does not produce rows for.
    case unsupportedSchemaVersion(String)
    /// The stored catalog data could not be read back (a corrupt file, a row Spark could not have written).
    case corruptCatalog(path: String, reason: String)
    /// A file-system operation on the embedded catalog failed.
    case io(path: String, operation: String, errno: Int32)
    /// PostgreSQL failed, after any retries; `message` is the client's description (never a password).
    case backend(String)

    public var description: String {
        switch self {
        case let .invalidName(name, rule): return "invalid name '\(name)': \(rule)"
        case let .nameCollision(name, first, second):
            return "'\(first)' and '\(second)' both sanitise to '\(name)'"
        case let .databaseNotFound(db): return "database '\(db)' does not exist"
        case let .databaseAlreadyExists(db): return "database '\(db)' already exists"
        case let .databaseNotEmpty(db, n): return "database '\(db)' still holds \(n) table(s); drop with cascade"
        case .cannotDropDefaultDatabase: return "the default database cannot be dropped"
        case let .tableNotFound(db, t): return "table '\(db).\(t)' does not exist"
        case let .tableAlreadyExists(db, t): return "table '\(db).\(t)' already exists"
        case let .invalidDefinition(db, t, reason): return "table '\(db).\(t)': \(reason)"
        case let .invalidType(type, reason): return "invalid type '\(type)': \(reason)"
        case let .valueTooLong(field, length, limit): return "\(field) is \(length) characters, the limit is \(limit)"
        case let .unsupportedSchemaVersion(v): return "the metastore schema version is \(v); only 2.3.x is supported"
        case let .corruptCatalog(path, reason): return "corrupt catalog entry \(path): \(reason)"
        case let .io(path, op, errno): return "\(op) \(path) failed: errno \(errno)"
        case let .backend(message): return "metastore backend: \(message)"
        }
    }
}

/// The identifier rules, named so an error can say which one was broken.
public enum NameRule: String, Sendable, Equatable, CustomStringConvertible {
    case empty = "must not be empty"
    case tooLong = "must be at most 128 characters"
    case invalidCharacter = "may only contain lower-case a-z, 0-9 and _"

    public var description: String { rawValue }
}
