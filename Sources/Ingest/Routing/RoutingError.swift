/// Why the router rejected a message that decoded.
public enum RoutingError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownTopic(String)
    /// A non-deletion form or case change without `document_subtype`: no table can be chosen.
    case missingSubtype

    public var description: String {
        switch self {
        case let .unknownTopic(t): return "routing: topic \"\(t)\" is not one of form-sql, case-sql, location"
        case .missingSubtype: return "routing: a form or case change without document_subtype cannot be assigned a table"
        }
    }
}
