import Foundation
import Testing
import TestSupport
@testable import Ingest

@Suite struct IngestSourcesTests {
    @Test func replayConfigurationBuildsSourceDirectoryAndMessages() throws {
        let dir = try TemporaryDirectory("sources")
        var options = DemoFeed.Options()
        options.domains = ["one"]
        options.casesPerDomain = 4
        options.formsPerDomain = 2
        let demo = DemoFeed(options)
        try Data(demo.jsonl.utf8).write(to: URL(fileURLWithPath: dir.path + "/feed.jsonl"))
        var config = IngestConfig()
        config.source = .replay(path: dir.path + "/feed.jsonl")
        var sources = try IngestSources.make(config)
        let messages = try #require(sources.replayMessages)
        #expect(messages.count == demo.summary.messages)
        let plan = BatchRouter(config: config).route(messages, now: 0)
        var pipeline = TransformPipeline(config: config)
        let prepared = try BatchPreparer.prepare(plan.upserts[0], source: &sources.documents, pipeline: &pipeline,
                                                 directory: &sources.locations, now: 0)
        #expect(!prepared.records.isEmpty)
        #expect(prepared.records.allSatisfy { $0["supervisor_id"]?.columnType == .string })

        config.source = .replay(path: dir.path + "/absent.jsonl")
        #expect(throws: DocumentSourceError.self) { try IngestSources.make(config) }
        config.source = .inline
        #expect(try IngestSources.make(config).replayMessages == nil)
    }
}
