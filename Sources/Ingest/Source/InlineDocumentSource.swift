/// The inline mode: each message value carries its document under `document`. When a batch holds several versions
/// of one id, the one with the latest `server_modified_on` wins (the later message on a tie or when the time is
/// missing), so an older version delivered after a newer one never regresses the record.
/// A change without a document is reported missing.
public struct InlineDocumentSource: DocumentSource, Sendable {
    public init() {}

    public mutating func fetch(topic: ChangeTopic, changes: [RoutedChange]) throws(DocumentSourceError) -> DocumentBatch {
        var batch = DocumentBatch()
        for c in changes {
            guard let d = c.change.inlineDocument else { continue }
            batch.keepNewest(c.change.documentID, d)
        }
        return batch
    }
}
