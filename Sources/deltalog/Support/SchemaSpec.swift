import ArgumentParser
import Columnar
import Ingest
import Metastore

/// Column definitions given on the command line: `--column name:type[:not-null]`, or `--schema` JSON as
/// `{"id": "int64", "name": "string"}` or `[{"name": "id", "type": "int64", "nullable": false}, ...]`.
/// Types are SwiftLake names (int32, int64, float64, string, date, timestamp, ...) or Hive ones (bigint, ...).
enum SchemaSpec {
    static func type(_ name: String, column: String) throws -> DataType {
        guard let t = DataType(name: name) ?? (try? ColumnType(hiveName: name))?.columnarType else {
            throw ValidationError("column '\(column)': unknown type '\(name)' (use one of \(DataType.allCases.map(\.description).joined(separator: ", ")))")
        }
        return t
    }

    /// `name:type[:not-null]`.
    static func column(_ spec: String) throws -> (String, DataType, Bool) {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || (parts.count == 3 && parts[2] == "not-null"), !parts[0].isEmpty else {
            throw ValidationError("--column '\(spec)' is not name:type[:not-null]")
        }
        return (parts[0], try type(parts[1], column: parts[0]), parts.count == 2)
    }

    static func json(_ text: String) throws -> [(String, DataType, Bool)] {
        let value: JSONValue
        do { value = try JSONParser().parse(text) } catch { throw ValidationError("--schema: \(error)") }
        switch value {
        case let .object(o):
            return try o.members.map { name, t in
                guard let typeName = t.stringValue else { throw ValidationError("--schema: the type of '\(name)' must be a string") }
                return (name, try type(typeName, column: name), true)
            }
        case let .array(items):
            return try items.enumerated().map { i, item in
                guard let name = item["name"]?.stringValue, let typeName = item["type"]?.stringValue else {
                    throw ValidationError("--schema: entry \(i + 1) needs \"name\" and \"type\" strings")
                }
                var nullable = true
                if let n = item["nullable"] {
                    guard case let .bool(b) = n else { throw ValidationError("--schema: \"nullable\" of '\(name)' must be true or false") }
                    nullable = b
                }
                return (name, try type(typeName, column: name), nullable)
            }
        default:
            throw ValidationError("--schema must be a JSON object {\"col\": \"type\"} or an array of {\"name\", \"type\", \"nullable\"}")
        }
    }

    static func schema(_ columns: [(String, DataType, Bool)]) throws -> Schema {
        do { return try Schema(columns: columns) } catch { throw ValidationError("\(error)") }
    }
}
