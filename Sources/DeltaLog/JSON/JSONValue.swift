/// A parsed JSON document. Objects keep their members in document order so that what SwiftLake writes is
/// stable and readable; lookups are linear, which is fine for the small objects of a transaction log.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number written without fraction or exponent that fits in 64 bits.
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.double(x), .double(y)): return x == y
        case let (.int(x), .double(y)), let (.double(y), .int(x)): return Double(x) == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The member called `key` of an object; nil for a missing member or a non-object.
    public subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    public var stringValue: String? { if case let .string(s) = self { return s } else { return nil } }
    public var boolValue: Bool? { if case let .bool(b) = self { return b } else { return nil } }
    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// An integer, also accepting a double with no fractional part (some writers emit `1.0`).
    public var intValue: Int64? {
        switch self {
        case let .int(v): return v
        case let .double(d):
            guard d.rounded() == d, d >= -9.2e18, d <= 9.2e18 else { return nil }
            return Int64(d)
        default: return nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case let .int(v): return Double(v)
        case let .double(d): return d
        default: return nil
        }
    }

    public var arrayValue: [JSONValue]? { if case let .array(a) = self { return a } else { return nil } }
    public var objectValue: [(String, JSONValue)]? { if case let .object(o) = self { return o } else { return nil } }

    /// Builds an object from members, dropping those whose value is nil (absent optional fields).
    public static func members(_ pairs: [(String, JSONValue?)]) -> JSONValue {
        .object(pairs.compactMap { k, v in v.map { (k, $0) } })
    }

    /// A string map as an object, keys sorted for stable output.
    public static func map(_ m: [String: String]) -> JSONValue {
        .object(m.keys.sorted().map { ($0, .string(m[$0] ?? "")) })
    }

    /// A map whose values may be null (partition values).
    public static func optionalMap(_ m: [String: String?]) -> JSONValue {
        .object(m.keys.sorted().map { k in (k, m[k].flatMap { $0 }.map(JSONValue.string) ?? .null) })
    }
}
