/// A document fetched for a change: its id and its JSON (HQ's `to_json()` shape).
public struct SourceDocument: Sendable, Equatable {
    public var id: String
    public var document: JSONValue

    public init(id: String, document: JSONValue) {
        self.id = id
        self.document = document
    }
}

/// The result of fetching the documents of one group of changes.
public struct DocumentBatch: Sendable {
    /// Documents found, by id.
    public var documents: [String: JSONValue] = [:]
    /// Documents that exist but could not be read (unreadable blob, malformed XML or JSON): quarantine them.
    public var failures: [String: DocumentSourceError] = [:]

    public init() {}

    /// The requested ids that were neither found nor failed: missing documents, to quarantine.
    public func missing(from ids: [String]) -> [String] {
        ids.filter { documents[$0] == nil && failures[$0] == nil }
    }
}

/// Where documents come from: HQ's databases, the message itself, or a replay file.
public protocol DocumentSource {
    /// Fetches the documents for `changes` (all of one topic). Throws only when the source as a whole is
    /// unavailable (retry the batch); per-document problems are reported in the batch.
    mutating func fetch(topic: ChangeTopic, changes: [RoutedChange]) throws(DocumentSourceError) -> DocumentBatch
}

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

    public var description: String {
        switch self {
        case let .database(m): return "source: database: \(m)"
        case let .blob(key, reason): return "source: blob \(key): \(reason)"
        case let .badJSON(id, e): return "source: document \(id): \(e)"
        case let .badXML(id, e): return "source: form \(id): \(e)"
        case let .badResult(m): return "source: \(m)"
        case let .replay(line, reason): return "source: replay line \(line): \(reason)"
        }
    }
}
