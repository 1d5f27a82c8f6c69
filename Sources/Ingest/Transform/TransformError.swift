/// Why one document could not be turned into a record; the message goes to quarantine with this reason.
public enum TransformError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The document is not a JSON object.
    case notAnObject(found: String)
    /// Two paths flatten to the same column name (e.g. a key `a__b` next to `a: {b: …}`).
    case columnCollision(String)
    /// A declarative cast failed.
    case castFailed(column: String, value: String, to: FieldType)
    /// A registered Swift transform threw.
    case userTransform(name: String, message: String)

    public var description: String {
        switch self {
        case let .notAnObject(found): return "transform: the document is a JSON \(found), not an object"
        case let .columnCollision(c): return "transform: two fields flatten to the column \"\(c)\""
        case let .castFailed(c, v, t): return "transform: cannot cast \(c) = \"\(v.prefix(64))\" to \(t.rawValue)"
        case let .userTransform(n, m): return "transform \(n): \(m)"
        }
    }
}
