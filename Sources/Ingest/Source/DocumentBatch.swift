/// The result of fetching the documents of one group of changes.
public struct DocumentBatch: Sendable {
    /// Documents found, by id.
    public var documents: [String: JSONValue] = [:]
    /// Documents that exist but could not be read (unreadable blob, malformed XML or JSON): quarantine them.
    public var failures: [String: DocumentSourceError] = [:]

    public init() {}

    /// Keeps `document` as `id`'s unless the batch already holds a version modified later (`server_modified_on`);
    /// on a tie, or when either time is missing, `document` wins. Merges the copies of one id found in several
    /// places (HQ's shard databases, several messages of a batch) so an older copy never replaces a newer one.
    public mutating func keepNewest(_ id: String, _ document: JSONValue) {
        if holdsNewer(id, than: document) { return }
        documents[id] = document
        failures[id] = nil
    }

    /// Whether the document kept for `id` was modified after `document`.
    func holdsNewer(_ id: String, than document: JSONValue) -> Bool {
        guard let kept = documents[id], let a = Self.modified(kept), let b = Self.modified(document) else { return false }
        return a > b
    }

    /// `server_modified_on` in microseconds (a date counts as its midnight).
    static func modified(_ document: JSONValue) -> Int64? {
        guard case .string(let s)? = document["server_modified_on"], let t = HQTime.parse(s) else { return nil }
        switch t {
        case .timestamp(let m): return m
        case .date(let d): return Int64(d) * HQTime.microsPerDay
        }
    }

    /// The requested ids that were neither found nor failed: missing documents, to quarantine.
    public func missing(from ids: [String]) -> [String] {
        ids.filter { documents[$0] == nil && failures[$0] == nil }
    }
}
