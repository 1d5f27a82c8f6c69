import Kafka
import Testing
@testable import Ingest

@Suite struct IngestStatsTests {
    @Test func progressLineReportsRateLagAndQuarantine() throws {
        let feed = try ReplayFeed(jsonl: """
            {"kind": "change", "topic": "case-sql", "change": {"document_id": "a", "document_type": "CommCareCase", "document_subtype": "t", "domain": "d", "is_deletion": false}}
            {"kind": "change", "topic": "ledger", "change": {"document_id": "b", "document_type": "X", "domain": "d", "is_deletion": false}}
            """)
        let plan = BatchRouter(allow: AllowLists(caseTypes: ["other"])).route(feed.messages, now: 0)
        var stats = IngestStats(start: 0)
        stats.batchDone(plan, recordsWritten: 3000, commits: 2, quarantine: plan.quarantined)
        let line = stats.progressLine(now: 2_000_000, lag: [TopicPartition("case-sql", 1): 17, TopicPartition("case-sql", 0): 0])
        #expect(line == "ingest: 1500 records/s, 3000 records, 2 commits, 1 quarantined (unknown_topic 1), 1 skipped, lag case-sql-0=0 case-sql-1=17")
        #expect(stats.messages == 2 && stats.batches == 1)
        // The rate covers only the time since the previous line.
        #expect(stats.progressLine(now: 3_000_000, lag: [:]).hasPrefix("ingest: 0 records/s"))
    }
}

extension IngestStatsTests {
    @Test func loopBatchStatsAreCounted() {
        var s = IngestLoop.BatchStats()
        s.messages = 10
        s.rowsInserted = 4
        s.rowsUpdated = 2
        s.rowsDeleted = 1
        s.commits = 3
        s.quarantined = 2
        var stats = IngestStats(start: 0)
        stats.batchDone(s)
        stats.batchDone(s)
        #expect(stats.messages == 20 && stats.records == 14 && stats.commits == 6 && stats.batches == 2)
        #expect(stats.quarantinedTotal == 4)
        #expect(stats.progressLine(now: 1_000_000, lag: [:]) == "ingest: 14 records/s, 14 records, 6 commits, 4 quarantined, 0 skipped")
    }
}
