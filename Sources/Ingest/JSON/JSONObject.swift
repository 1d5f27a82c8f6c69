/// A JSON object: members in document order.
///
/// Lookup is a linear scan, which beats hashing for the small objects of CommCare documents (tens of keys);
/// the parser rejects duplicate keys, so the first match is the only one. Equality ignores member order.
public struct JSONObject: Sendable, Equatable {
    public private(set) var keys: [String]
    public private(set) var values: [JSONValue]

    public init() {
        keys = []
        values = []
    }

    /// An object from members in order; a later duplicate key replaces the earlier value.
    public init(_ members: [(String, JSONValue)]) {
        keys = []
        values = []
        keys.reserveCapacity(members.count)
        values.reserveCapacity(members.count)
        for (k, v) in members { self[k] = v }
    }

    init(uncheckedKeys keys: [String], values: [JSONValue]) {
        self.keys = keys
        self.values = values
    }

    /// Number of members.
    @inlinable
    public var count: Int { keys.count }

    /// Whether the object has no members.
    @inlinable
    public var isEmpty: Bool { keys.isEmpty }

    /// The index of `key`, if present.
    @inlinable
    public func index(of key: String) -> Int? {
        keys.firstIndex(of: key)
    }

    /// Reads, replaces, appends (at the end) or removes (`nil`) the member `key`.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let i = index(of: key) else { return nil }
            return values[i]
        }
        set {
            if let i = index(of: key) {
                if let newValue {
                    values[i] = newValue
                } else {
                    keys.remove(at: i)
                    values.remove(at: i)
                }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    /// The members in order.
    public var members: Zip2Sequence<[String], [JSONValue]> { zip(keys, values) }

    /// Objects are equal when they have the same members, in any order (JSON objects are unordered; PostgreSQL's
    /// `jsonb`, for one, reorders keys).
    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        guard a.keys.count == b.keys.count else { return false }
        if a.keys == b.keys { return a.values == b.values }
        for (k, v) in a.members {
            guard let other = b[k], other == v else { return false }
        }
        return true
    }
}
