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
