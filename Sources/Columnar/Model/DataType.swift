/// The logical type of a column. Each logical type has one physical representation in memory and on disk:
/// `date` is stored as `Int32` days since 1970-01-01, `timestamp` as `Int64` microseconds since the Unix epoch
/// (UTC), and `json` is a string column annotated as holding JSON text.
public enum DataType: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case boolean = 1
    case int32 = 2
    case int64 = 3
    case float32 = 4
    case float64 = 5
    case string = 6
    case binary = 7
    case date = 8
    case timestamp = 9
    /// A UTF-8 string holding JSON text; stored exactly like `string`.
    case json = 10

    public var description: String {
        switch self {
        case .boolean: return "boolean"
        case .int32: return "int32"
        case .int64: return "int64"
        case .float32: return "float32"
        case .float64: return "float64"
        case .string: return "string"
        case .binary: return "binary"
        case .date: return "date"
        case .timestamp: return "timestamp"
        case .json: return "json"
        }
    }

    /// Parses the name printed by `description`.
    public init?(name: String) {
        guard let t = DataType.allCases.first(where: { $0.description == name }) else { return nil }
        self = t
    }

    /// Whether values are variable-length byte strings (string, json, binary).
    public var isVariableLength: Bool { self == .string || self == .json || self == .binary }

    /// Whether values are stored as 32- or 64-bit integers (int32, int64, date, timestamp).
    public var isInteger: Bool { self == .int32 || self == .int64 || self == .date || self == .timestamp }

    /// The width in bytes of one value for fixed-width types; nil for variable-length and boolean.
    public var fixedWidth: Int? {
        switch self {
        case .int32, .float32, .date: return 4
        case .int64, .float64, .timestamp: return 8
        case .boolean, .string, .binary, .json: return nil
        }
    }
}
