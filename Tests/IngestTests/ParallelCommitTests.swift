import Columnar
import DeltaLog
import Kafka
import Testing
@testable import Ingest

/// A batch's tables commit several at a time (`CommitPool`) while compactions run in the background
/// (`BackgroundCompactions`, also for `<domain>_location`): every table must hold exactly the rows and the offsets
/// applying the messages one by one would give, batch after batch, and a redelivery must change nothing.
@Suite struct ParallelCommitTests {
    static let types = ["t0", "t1", "t2", "t3", "t4", "t5", "t6"]

    @Test func manyTablesCommittedAtOnceHoldExactRowsAndOffsets() throws {
        // Compaction due after every second file: most batches start compactions, and the next batch's commits
        // (and the location table's, and the deferred offsets) wait for them.
        var fx = try LoopFixture({ $0.tables.compactAfterFiles = 2 }, inlineLocations: true)
        var feed = InlineFeed()
        var expected: [String: [String: Value]] = [:]
        var batches: [[IncomingMessage]] = []
        var compactions = 0
        for b in 0..<4 {
            var batch: [IncomingMessage] = []
            for (t, type) in Self.types.enumerated() {
                for i in 0..<3 {
                    let id = "\(type)-\(b)-\(i)"
                    batch.append(feed.caseSave(id, type: type, modified: b * 10 + i, [("n", .int(Int64(b * 100 + t * 10 + i)))]))
                    expected[type, default: [:]][id] = .int64(Int64(b * 100 + t * 10 + i))
                }
                // An update of the previous batch's first case of this type (a later version wins).
                if b > 0 {
                    let id = "\(type)-\(b - 1)-0"
                    batch.append(feed.caseSave(id, type: type, modified: b * 10 + 5, [("n", .int(Int64(-b)))]))
                    expected[type, default: [:]][id] = .int64(Int64(-b))
                }
            }
            // A location save, and one without a document (quarantined: the location table's offset is deferred
            // until the quarantine row is in).
            batch.append(feed.locationSave("loc\(b)", type: "state", parent: nil))
            batch.append(feed.locationChange("missing\(b)"))
            // A deletion without subtype: probed in every table of the domain, so every case table's commit
            // carries the last offset.
            let gone = "\(Self.types[b % Self.types.count])-0-1"
            batch.append(feed.deletion(gone))
            expected[Self.types[b % Self.types.count]]?[gone] = nil
            let stats = try fx.loop.process(batch, now: Int64(b + 1))
            #expect(stats.quarantined == 1)
            compactions += stats.compactions
            batches.append(batch)

            for type in Self.types {
                let table = fx.table(.cases, type)
                #expect(try fx.rows(table, "n") == expected[type] ?? [:], "table \(type) after batch \(b)")
                #expect(try IngestPartitionsTests.versions(table) == [TopicPartition("case-sql", 0): feed.next["case-sql"] ?? -1])
            }
            let locations = fx.table(.locations, nil)
            #expect(Set(try IngestLocationTests.rows(locations).keys) == Set((0...b).map { "loc\($0)" }))
            #expect(try IngestPartitionsTests.versions(locations) == [TopicPartition("location", 0): feed.next["location"] ?? -1])
        }
        #expect(compactions > Self.types.count)
        #expect(fx.loop.finishCompactions() == nil)

        // Every batch again, after the compactions: nothing changes.
        for (b, batch) in batches.enumerated() {
            let again = try fx.loop.process(batch, now: Int64(10 + b))
            #expect(again.rowsInserted == 0 && again.rowsUpdated == 0 && again.rowsDeleted == 0)
        }
        #expect(fx.loop.finishCompactions() == nil)
        for type in Self.types {
            #expect(try fx.rows(fx.table(.cases, type), "n") == expected[type] ?? [:])
        }
    }
}
