/// The inline mode: each message value carries its document under `document`. When a batch holds several versions
/// of one id, the one with the latest `server_modified_on` wins (the later message on a tie or when the time is
/// missing), so an older version delivered after a newer one never regresses the record.
/// A change without a document is reported missing.
public struct InlineDocumentSource: DocumentSource, Sendable {
    public init() {}

    public mutating func fetch(topic: ChangeTopic, changes: [RoutedChange]) throws(DocumentSourceError) -> DocumentBatch {
        var batch = DocumentBatch()
        var modified: [String: HQTime.Parsed] = [:]
        for c in changes {
            guard let d = c.change.inlineDocument else { continue }
            let id = c.change.documentID
            let time: HQTime.Parsed? = if case .string(let s)? = d["server_modified_on"] { HQTime.parse(s) } else { nil }
            if let kept = modified[id], let time, Self.micros(kept) > Self.micros(time) { continue }
            batch.documents[id] = d
            modified[id] = time
        }
        return batch
    }

    private static func micros(_ t: HQTime.Parsed) -> Int64 {
        switch t {
        case .timestamp(let m): return m
        case .date(let d): return Int64(d) * HQTime.microsPerDay
        }
    }
}
