/// One typed scalar of a flattened record.
///
/// `timestamp` is microseconds since 1970-01-01T00:00:00Z (UTC); `date` is days since 1970-01-01; `json` is
/// compact JSON text (lists, and anything kept as a JSON value).
public enum FieldValue: Sendable, Equatable, Hashable {
    case null
    case bool(Bool)
    case int64(Int64)
    case double(Double)
    case string(String)
    case json(String)
    case timestamp(Int64)
    case date(Int32)

    /// The column type of this value; nil for `null`, which fits any column.
    public var columnType: FieldType? {
        switch self {
        case .null: return nil
        case .bool: return .bool
        case .int64: return .int64
        case .double: return .double
        case .string: return .string
        case .json: return .json
        case .timestamp: return .timestamp
        case .date: return .date
        }
    }

    /// The value as text, the form it takes in a column widened to `string` (nil for null).
    public var text: String? {
        switch self {
        case .null: return nil
        case .bool(let b): return b ? "true" : "false"
        case .int64(let i): return String(i)
        case .double(let d): return d.description
        case .string(let s), .json(let s): return s
        case .timestamp(let t): return HQTime.formatTimestamp(t)
        case .date(let d): return HQTime.formatDate(d)
        }
    }

    /// The value converted to a (wider) column type, or nil if it cannot be represented there.
    public func converted(to type: FieldType) -> FieldValue? {
        if case .null = self { return .null }
        if columnType == type { return self }
        switch (self, type) {
        case (.int64(let i), .double): return .double(Double(i))
        case (.date(let d), .timestamp): return HQTime.timestamp(ofDay: d).map(FieldValue.timestamp)
        case (_, .string): return text.map(FieldValue.string)
        case (.string(let s), .json): return .json(JSONValue.string(s).jsonText)
        default: return nil
        }
    }
}
