import Columnar
import DeltaLog
import Kafka
import Testing
@testable import Ingest

/// A table's share of a batch is one commit: the removals go into the MERGE's commit (`MergeSpec.deleteKeys`),
/// with the partitions' `txn`s; a table the batch only removes from still gets its DELETE.
@Suite struct SingleCommitTests {
    @Test func upsertAndDeletionForOneTableMakeOneCommit() throws {
        var fx = try LoopFixture()
        var feed = InlineFeed()
        let children = fx.table(.cases, "child")
        _ = try fx.loop.process([feed.caseSave("c1", modified: 10), feed.caseSave("c2", modified: 10)], now: 1)
        let before = try #require(try children.latestVersion())

        // c1 deleted; c2 deleted then re-created from a copy OLDER than the deleted one (the upsert after a removal
        // re-creates the record whatever its server_modified_on); c3 new.
        let batch = [feed.deletion("c1"), feed.deletion("c2"), feed.caseSave("c2", modified: 5, [("note", "again")]),
                     feed.caseSave("c3", modified: 1)]
        let stats = try fx.loop.process(batch, now: 2)
        #expect(stats.commits == 1)
        #expect(stats.rowsDeleted == 2 && stats.rowsInserted == 2 && stats.rowsUpdated == 0)
        #expect(try children.latestVersion() == before + 1)
        let info = try #require(try children.history(limit: 1).first?.commitInfo)
        #expect(info.operation == "MERGE")
        #expect(try IngestPartitionsTests.versions(children)[TopicPartition("case-sql", 0)] == (batch.last?.offset ?? 0) + 1)
        #expect(Set(try fx.rows(children).keys) == ["c2", "c3"])
        #expect(try fx.rows(children, "note")["c2"] == .string("again"))
        #expect(try fx.rows(children, "server_modified_on")["c2"] == .timestamp(1_709_632_805_000_000))

        // Redelivered: nothing to do.
        let again = try fx.loop.process(batch, now: 3)
        #expect(again.commits == 0 && again.alreadyApplied == batch.count)
        #expect(try children.latestVersion() == before + 1)

        // Only a removal: a DELETE commit, which records the offset.
        let removal = [feed.deletion("c3")]
        let deleted = try fx.loop.process(removal, now: 4)
        #expect(deleted.commits == 1 && deleted.rowsDeleted == 1)
        #expect(try children.history(limit: 1).first?.commitInfo?.operation == "DELETE")
        #expect(try IngestPartitionsTests.versions(children)[TopicPartition("case-sql", 0)] == (removal.last?.offset ?? 0) + 1)
        #expect(Set(try fx.rows(children).keys) == ["c2"])
    }

    /// A deletion that concerns every table of the domain costs each table with upserts no extra commit, also the
    /// tables that never held the id.
    @Test func deletionAcrossTablesAddsNoCommits() throws {
        var fx = try LoopFixture()
        var feed = InlineFeed()
        _ = try fx.loop.process([feed.caseSave("a1", type: "adult", modified: 1), feed.caseSave("k1", type: "child", modified: 1)], now: 1)
        let stats = try fx.loop.process([feed.caseSave("a2", type: "adult", modified: 2), feed.caseSave("k2", type: "child", modified: 2),
                                         feed.deletion("k1")], now: 2)
        #expect(stats.commits == 2 && stats.rowsDeleted == 1)
        #expect(Set(try fx.rows(fx.table(.cases, "adult")).keys) == ["a1", "a2"])
        #expect(Set(try fx.rows(fx.table(.cases, "child")).keys) == ["k2"])
    }

    /// A MERGE the table refuses commits nothing: the removals then commit on their own, the good records are
    /// merged, the refused one is quarantined, and the offsets follow.
    @Test func refusedMergeStillAppliesTheRemovals() throws {
        var fx = try LoopFixture(RecordIsolationTests.configure)
        var feed = InlineFeed()
        let cases = fx.table(.cases, "child")
        _ = try fx.loop.process((1...3).map { feed.caseSave("c\($0)", modified: 1, [("reporting_period", "2024-03-01")]) }, now: 1)
        let batch = [feed.deletion("c1"), feed.caseSave("c4", modified: 2, [("reporting_period", "March 2024")]),
                     feed.caseSave("c5", modified: 2, [("reporting_period", "2024-04-01")]), feed.deletion("c2"),
                     feed.caseSave("c2", modified: 0, [("reporting_period", "2024-04-01")])]
        let stats = try fx.loop.process(batch, now: 2)
        #expect(stats.quarantined == 1 && stats.rowsDeleted == 2)
        #expect(Set(try fx.rows(cases).keys) == ["c2", "c3", "c5"])
        #expect(try fx.rows(cases, "server_modified_on")["c2"] == .timestamp(1_709_632_800_000_000))
        #expect(try IngestPartitionsTests.versions(cases)[TopicPartition("case-sql", 0)] == (batch.last?.offset ?? 0) + 1)
        let again = try fx.loop.process(batch, now: 3)
        #expect(again.commits == 0 && again.quarantined == 0)
    }
}
