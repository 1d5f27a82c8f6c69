import Testing
@testable import Ingest

@Suite struct ReplaySourceTests {
    static let feed = """
        {"kind": "location", "location_id": "st1", "type": "state", "name": "S", "latitude": 1}
        {"kind": "location", "location_id": "sup1", "type": "supervisor", "parent_id": "st1"}
        {"kind": "user", "user_id": "u1", "location_id": "sup1"}

        {"kind": "change", "topic": "case-sql", "key": "c1", "change": {"document_id": "c1", "document_type": "CommCareCase", "document_subtype": "child", "domain": "d", "is_deletion": false}, "document": {"_id": "c1", "user_id": "u1", "v": 1}}
        {"kind": "change", "topic": "case-sql", "partition": 1, "change": {"document_id": "c2", "document_type": "CommCareCase", "document_subtype": "child", "domain": "d", "is_deletion": false}}
        {"kind": "change", "topic": "case-sql", "change": {"document_id": "c1", "document_type": "CommCareCase", "document_subtype": "child", "domain": "d", "is_deletion": false}, "document": {"_id": "c1", "user_id": "u1", "v": 2}}
        """

    @Test func replayFeedDrivesRouterSourceAndPipeline() throws {
        let feed = try ReplayFeed(jsonl: Self.feed)
        #expect(feed.messages.map(\.offset) == [0, 0, 1])
        #expect(feed.messages.map(\.partition) == [0, 1, 0])
        #expect(feed.messages[0].key == Array("c1".utf8))
        let plan = BatchRouter().route(feed.messages, now: 0)
        #expect(plan.upserts.count == 1)
        var source = feed.source
        let group = plan.upserts[0]
        let batch = try source.fetch(topic: .cases, changes: group.changes)
        #expect(batch.documents["c1"]?["v"] == 2)
        #expect(batch.missing(from: group.documentIDs) == ["c2"])
        var pipeline = TransformPipeline()
        var directory = feed.directory
        let records = try pipeline.run([SourceDocument(id: "c1", document: batch.documents["c1"] ?? .null)], table: group.key,
                                       now: 0, directory: &directory)
        let r = try records[0].get()
        #expect(r["supervisor_id"] == .string("sup1") && r["state_id"] == .string("st1"))
    }

    @Test func inlineSourceTakesTheMessageDocument() throws {
        let text = #"{"document_id": "x", "document_type": "CommCareCase", "document_subtype": "t", "domain": "d", "is_deletion": false, "document": {"_id": "x"}}"#
        let plan = BatchRouter().route([IncomingMessage(topic: "case-sql", partition: 0, offset: 5, key: nil, value: Array(text.utf8))], now: 0)
        var source = InlineDocumentSource()
        let batch = try source.fetch(topic: .cases, changes: plan.upserts[0].changes)
        #expect(batch.documents["x"] == ["_id": "x"])
    }

    @Test func malformedFeedLinesAreReported() {
        #expect(throws: DocumentSourceError.replay(line: 2, reason: "kind must be change, user or location")) {
            try ReplayFeed(jsonl: "\n{\"kind\": \"nope\"}")
        }
        #expect(throws: DocumentSourceError.self) { try ReplayFeed(jsonl: "{not json") }
        #expect(throws: DocumentSourceError.self) { try ReplayFeed(jsonl: #"{"kind": "change", "topic": "case-sql", "partition": -1, "change": {}}"#) }
    }
}
