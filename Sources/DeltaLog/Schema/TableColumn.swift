import Columnar

/// One top-level column of a table: its logical name, stable id, type, nullability, the physical name used
/// inside data files, and any other field metadata from the log (kept so it round-trips).
public struct TableColumn: Sendable, Hashable {
    public var name: String
    public var id: Int32
    public var type: DataType
    public var nullable: Bool
    public var physicalName: String
    var extraMetadata: [String: String]

    public init(name: String, id: Int32, type: DataType, nullable: Bool = true, physicalName: String? = nil) {
        self.name = name
        self.id = id
        self.type = type
        self.nullable = nullable
        self.physicalName = physicalName ?? "col-\(id)"
        extraMetadata = [:]
    }

    public var field: Field { Field(name: name, id: id, type: type, nullable: nullable) }

    static let idKey = "delta.columnMapping.id"
    static let physicalNameKey = "delta.columnMapping.physicalName"
    /// SwiftLake's marker for a string column holding JSON text (Delta has no JSON type).
    static let jsonKey = "swiftlake.json"
    static let typeChangesKey = "delta.typeChanges"

    /// Delta's name for a type.
    static func deltaTypeName(_ t: DataType) -> String {
        switch t {
        case .boolean: return "boolean"
        case .int32: return "integer"
        case .int64: return "long"
        case .float32: return "float"
        case .float64: return "double"
        case .string, .json: return "string"
        case .binary: return "binary"
        case .date: return "date"
        case .timestamp: return "timestamp"
        }
    }

    /// The SwiftLake type for a Delta primitive type name; nil for types SwiftLake cannot hold.
    static func dataType(deltaName: String) -> DataType? {
        switch deltaName {
        case "boolean": return .boolean
        case "byte", "short", "integer": return .int32
        case "long": return .int64
        case "float": return .float32
        case "double": return .float64
        case "string": return .string
        case "binary": return .binary
        case "date": return .date
        case "timestamp", "timestamp_ntz": return .timestamp
        default: return nil
        }
    }
}
