/// The inline mode: each message value carries its document under `document` (the latest message of an id wins).
/// A change without a document is reported missing.
public struct InlineDocumentSource: DocumentSource, Sendable {
    public init() {}

    public mutating func fetch(topic: ChangeTopic, changes: [RoutedChange]) throws(DocumentSourceError) -> DocumentBatch {
        var batch = DocumentBatch()
        for c in changes {
            if let d = c.change.inlineDocument { batch.documents[c.change.documentID] = d }
        }
        return batch
    }
}
