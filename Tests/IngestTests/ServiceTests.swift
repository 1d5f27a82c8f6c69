import DeltaLog
import Foundation
import Kafka
import Testing
import TestSupport
@testable import Ingest

/// The service's building blocks that need no broker: backoff, the progress table, batch offsets, its settings.
@Suite struct ServiceTests {
    @Test func backoffDoublesUpToTheCap() {
        let b = RetryBackoff(initialMilliseconds: 200, maximumMilliseconds: 1_000)
        #expect((0...5).map { b.delayMilliseconds(afterFailures: $0) } == [0, 200, 400, 800, 1_000, 1_000])
        #expect(b.delayMilliseconds(afterFailures: Int.max) == 1_000)
        #expect(RetryBackoff(initialMilliseconds: 0, maximumMilliseconds: -5) == RetryBackoff(initialMilliseconds: 1, maximumMilliseconds: 1))
    }

    @Test func progressTableRecordsAndNeverMovesBack() throws {
        let dir = try TemporaryDirectory("progress")
        let progress = ProgressTable(warehouse: dir.path)
        #expect(try progress.offsets().isEmpty)
        let a = TopicPartition("case-sql", 0), b = TopicPartition("form-sql", 3)
        try progress.record([a: 10, b: 4])
        #expect(try progress.offsets() == [a: 10, b: 4])
        try progress.record([a: 7, b: 9])  // a zombie's older offset for a is ignored
        #expect(try progress.offsets() == [a: 10, b: 9])
        let before = try progress.table.latestVersion()
        try progress.record([a: 10])  // nothing new: no commit
        #expect(try progress.table.latestVersion() == before)
        #expect(try progress.table.scan().count() == 0)
    }

    @Test func nextOffsetsAreOnePastTheLastMessagePerPartition() {
        func m(_ p: Int32, _ o: Int64) -> IncomingMessage {
            IncomingMessage(topic: "t", partition: p, offset: o, key: nil, value: nil)
        }
        #expect(ServiceCore.nextOffsets([m(0, 5), m(1, 2), m(0, 6), m(0, 9), m(1, Int64.max)])
                == [TopicPartition("t", 0): 10, TopicPartition("t", 1): 3])
        #expect(ServiceCore.nextOffsets([]).isEmpty)
    }

    @Test func serviceSettingsParseAndAreChecked() throws {
        let c = try IngestConfig.parse("""
            progress_interval_seconds = 3
            [kafka]
            bootstrap_servers = ["k:9092"]
            session_timeout_ms = 2000
            auto_offset_reset = "latest"
            [source]
            kind = "inline"
            """, overrides: [ConfigOverride(try #require(ConfigKey.named("kafka.session_timeout_ms")), "4000")])
        #expect(c.kafka.sessionTimeoutMilliseconds == 4000 && c.kafka.autoOffsetReset == .latest && c.progressIntervalSeconds == 3)
        #expect(IngestConfig().kafka.sessionTimeoutMilliseconds == 10_000 && IngestConfig().kafka.autoOffsetReset == .earliest)
        let error = #expect(throws: ConfigError.self) {
            try IngestConfig.parse("""
                progress_interval_seconds = 0
                [kafka]
                bootstrap_servers = ["k:9092"]
                session_timeout_ms = 10
                auto_offset_reset = "middle"
                [source]
                kind = "inline"
                """)
        }
        guard case .invalid(let problems)? = error else { Issue.record("expected invalid, got \(String(describing: error))"); return }
        #expect(Set(problems.map(\.path)) == ["progress_interval_seconds", "kafka.session_timeout_ms", "kafka.auto_offset_reset"])
    }

    @Test func serviceNeedsABroker() throws {
        let dir = try TemporaryDirectory("service")
        var config = IngestConfig()
        config.warehouse = dir.path
        config.source = .inline
        #expect(throws: IngestServiceError.self) {
            _ = try IngestService(config: config, sources: IngestSources(documents: InlineDocumentSource(),
                                                                          locations: StaticLocationDirectory()))
        }
    }

    @Test func inlineSourceKeepsTheNewestVersionOfABatch() throws {
        func change(_ id: String, _ modified: String?, _ n: Int64, offset: Int64) -> RoutedChange {
            var doc = JSONObject([("_id", .string(id)), ("n", .int(n))])
            if let modified { doc["server_modified_on"] = .string(modified) }
            return RoutedChange(message: IncomingMessage(topic: "case-sql", partition: 0, offset: offset, key: nil, value: nil),
                                topic: .cases, change: ChangeMeta(documentID: id, documentType: "CommCareCase", documentSubtype: "t",
                                                                  domain: "d", isDeletion: false, inlineDocument: .object(doc)))
        }
        var source = InlineDocumentSource()
        let batch = try source.fetch(topic: .cases, changes: [
            change("a", "2024-03-02T00:00:00Z", 2, offset: 0), change("a", "2024-03-01T00:00:00Z", 1, offset: 1),  // older later
            change("b", "2024-03-01T00:00:00Z", 1, offset: 2), change("b", "2024-03-01T00:00:00Z", 2, offset: 3),  // tie: later
            change("c", "2024-03-01T00:00:00Z", 1, offset: 4), change("c", nil, 2, offset: 5),                   // no time: later
        ])
        #expect(batch.documents["a"]?["n"] == 2 && batch.documents["b"]?["n"] == 2 && batch.documents["c"]?["n"] == 2)
    }
}
