/// Why documents could not be fetched.
public enum DocumentSourceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The database failed (connection, SQL); the batch should be retried.
    case database(String)
    /// A blob could not be read.
    case blob(key: String, reason: String)
    /// A document's stored text is not valid JSON.
    case badJSON(id: String, error: JSONError)
    /// A form's XML could not be converted.
    case badXML(id: String, error: XMLError)
    /// A query returned something unusable (wrong columns).
    case badResult(String)
    /// The replay file is malformed.
    case replay(line: Int, reason: String)
    /// A location document (inline mode) lacks what a hierarchy row needs.
    case badLocation(id: String, reason: String)
    /// The warehouse's `<domain>_location` table could not be read (inline mode rebuilds its directory from it).
    case locationTable(domain: String, reason: String)

    public var description: String {
        switch self {
        case let .database(m): return "source: database: \(m)"
        case let .blob(key, reason): return "source: blob \(key): \(reason)"
        case let .badJSON(id, e): return "source: document \(id): \(e)"
        case let .badXML(id, e): return "source: form \(id): \(e)"
        case let .badResult(m): return "source: \(m)"
        case let .replay(line, reason): return "source: replay line \(line): \(reason)"
        case let .badLocation(id, reason): return "source: location \(id): \(reason)"
        case let .locationTable(domain, reason): return "source: location table of \(domain): \(reason)"
        }
    }
}
