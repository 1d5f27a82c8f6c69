/// Where documents come from: HQ's databases, the message itself, or a replay file.
public protocol DocumentSource {
    /// Fetches the documents for `changes` (all of one topic). Throws only when the source as a whole is
    /// unavailable (retry the batch); per-document problems are reported in the batch.
    mutating func fetch(topic: ChangeTopic, changes: [RoutedChange]) throws(DocumentSourceError) -> DocumentBatch
}
