import Columnar
import DeltaLog
import Kafka
import Testing
@testable import Ingest

/// A batch spanning several Kafka partitions commits each table once, with one `txn` per partition, and a
/// redelivery that mixes applied and new messages applies only the new ones.
@Suite struct IngestPartitionsTests {
    /// The `txn` versions of a table's latest snapshot, by partition.
    static func versions(_ table: DeltaTable) throws -> [TopicPartition: Int64] {
        var txns: [String: Int64] = [:]
        for t in try table.snapshot().transactions { txns[t.appId] = t.version }
        return IngestProgress.versions(fromTxns: txns)
    }

    static func tp(_ p: Int32) -> TopicPartition { TopicPartition("case-sql", p) }

    @Test func oneCommitPerTableCarriesEveryPartitionsOffset() throws {
        var fx = try LoopFixture()
        var feed = InlineFeed()
        func on(_ p: Int32, _ m: (inout InlineFeed) -> IncomingMessage) -> IncomingMessage {
            feed.partition = p
            return m(&feed)
        }
        let children = fx.table(.cases, "child")
        let households = fx.table(.cases, "household")
        // Offsets count per topic across partitions here: 0...5.
        let first = [
            on(0) { $0.caseSave("c1", modified: 1) }, on(1) { $0.caseSave("c2", modified: 1) },
            on(2) { $0.caseSave("h1", type: "household", modified: 1) }, on(0) { $0.caseSave("c3", modified: 1) },
            on(1) { $0.deletion("zz") }, on(2) { $0.caseSave("c4", modified: 1) },
        ]
        let stats = try fx.loop.process(first, now: 1)
        // Per table: its creation (version 0) and one MERGE; the deletion of an absent id adds no commit.
        #expect(stats.commits == 2)
        #expect(try children.latestVersion() == 1 && households.latestVersion() == 1)
        #expect(Set(try fx.rows(children).keys) == ["c1", "c2", "c3", "c4"])
        #expect(Set(try fx.rows(households).keys) == ["h1"])
        // The child table holds messages of partitions 0, 1 (the deletion), 2; the household table of 2 and 1.
        #expect(try Self.versions(children) == [Self.tp(0): 4, Self.tp(1): 5, Self.tp(2): 6])
        #expect(try Self.versions(households) == [Self.tp(1): 5, Self.tp(2): 3])
        let record = try #require(try children.commits(after: 0).first)
        #expect(record.actions.filter { if case .txn = $0 { true } else { false } }.count == 3)

        // Redelivery of partition 0 and 1 mixed with new messages of partitions 1 and 3: only the new ones apply,
        // again in one commit per table.
        let again = first.filter { $0.partition != 2 } + [
            on(1) { $0.caseSave("c2", modified: 5, [("note", "new")]) }, on(3) { $0.caseSave("c5", modified: 1) },
            on(3) { $0.deletion("c1") },
        ]
        let second = try fx.loop.process(again, now: 2)
        // 4 redelivered messages for the child table, and the old deletion (partition 1) for the household table.
        #expect(second.alreadyApplied == 4 + 1)
        #expect(second.rowsDeleted == 1)
        let notes = try fx.rows(children, "note")
        #expect(Set(notes.keys) == ["c2", "c3", "c4", "c5"] && notes["c2"] == .string("new"))
        #expect(try Self.versions(children) == [Self.tp(0): 4, Self.tp(1): 7, Self.tp(2): 6, Self.tp(3): 9])
        // The household table only saw the deletion of c1 (absent there): it records partition 3 without a row change.
        #expect(try Self.versions(households)[Self.tp(3)] == 9)
        #expect(Set(try fx.rows(households).keys) == ["h1"])
    }
}
