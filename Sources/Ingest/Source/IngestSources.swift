import Foundation

/// The document source and location directory a configuration asks for, built at start-up.
public struct IngestSources {
    public var documents: any DocumentSource
    public var locations: any LocationDirectory
    /// For the replay source: the feed's messages, which stand in for Kafka (demo, tests).
    public var replayMessages: [IncomingMessage]?

    public init(documents: any DocumentSource, locations: any LocationDirectory, replayMessages: [IncomingMessage]? = nil) {
        self.documents = documents
        self.locations = locations
        self.replayMessages = replayMessages
    }

    /// `hq`: one `HQPostgresSource` serves documents and locations. `inline`: documents from the messages, the location
    /// table kept from the location messages' documents (`InlineLocationDirectory`), no enrichment of forms and
    /// cases (users are not on the feed: location columns null). `replay`: the JSONL file's documents, users and locations.
    public static func make(_ config: IngestConfig) throws(DocumentSourceError) -> IngestSources {
        switch config.source {
        case .hq(let settings):
            let hq = HQPostgresSource(settings: settings)
            return IngestSources(documents: hq, locations: hq)
        case .inline:
            return IngestSources(documents: InlineDocumentSource(), locations: InlineLocationDirectory(warehouse: config.warehouse))
        case .replay(let path):
            let text: String
            do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
                throw .replay(line: 0, reason: "cannot read \(path): \(error.localizedDescription)")
            }
            let feed = try ReplayFeed(jsonl: text)
            return IngestSources(documents: feed.source, locations: feed.directory, replayMessages: feed.messages)
        }
    }
}
