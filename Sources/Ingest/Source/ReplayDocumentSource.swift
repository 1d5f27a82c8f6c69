/// Serves the documents of a `ReplayFeed` by id; an id without a document is reported missing.
public struct ReplayDocumentSource: DocumentSource, Sendable {
    public var documents: [ChangeTopic: [String: JSONValue]]

    public init(documents: [ChangeTopic: [String: JSONValue]]) {
        self.documents = documents
    }

    public mutating func fetch(topic: ChangeTopic, changes: [RoutedChange]) throws(DocumentSourceError) -> DocumentBatch {
        var batch = DocumentBatch()
        let table = documents[topic] ?? [:]
        for c in changes { if let d = table[c.change.documentID] { batch.documents[c.change.documentID] = d } }
        return batch
    }
}
