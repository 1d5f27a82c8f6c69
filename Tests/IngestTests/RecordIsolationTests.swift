import Columnar
import Foundation
import DeltaLog
import Kafka
import Testing
@testable import Ingest

/// Records a table refuses for reasons of their own (here a `month` partition value that is not a date, after a
/// declarative transform) are quarantined as `write_failed`, alone; the rest of the batch commits, the offsets
/// follow, and a redelivery changes nothing.
@Suite struct RecordIsolationTests {
    /// `month` comes from the document's `reporting_period`: a date normally, text in a bad document.
    static func configure(_ config: inout IngestConfig) {
        config.transforms = [DeclarativeTransform(.derive(column: "month", function: .copy, from: ["reporting_period"], separator: ""))]
    }

    @Test func refusedRecordsAreQuarantinedAndTheRestCommits() throws {
        var fx = try LoopFixture(Self.configure)
        var feed = InlineFeed()
        let cases = fx.table(.cases, "child")
        let first = (1...4).map { feed.caseSave("c\($0)", modified: 1, [("reporting_period", "2024-03-01")]) }
        _ = try fx.loop.process(first, now: 1)
        #expect(try cases.snapshot().metadata.partitionColumns == ["month", "supervisor_id"])

        // A batch of 12 with two records whose month is text: the table's `month` partition column is a date.
        var second: [IncomingMessage] = []
        for i in 5...16 {
            let period = i == 9 || i == 14 ? "March 2024" : "2024-04-01"
            second.append(feed.caseSave("c\(i)", modified: 2, [("reporting_period", .string(period))]))
        }
        second.append(feed.caseSave("c1", modified: 3, [("reporting_period", "2024-05-01")]))
        let stats = try fx.loop.process(second, now: 2)
        #expect(stats.quarantined == 2)
        let months = try fx.rows(cases, "month")
        #expect(Set(months.keys) == Set((1...16).filter { $0 != 9 && $0 != 14 }.map { "c\($0)" }))
        #expect(months["c1"] == .date(HQTime.parse("2024-05-01")?.day ?? 0) && months["c5"] == .date(HQTime.parse("2024-04-01")?.day ?? 0))

        let quarantine = DeltaTable(path: fx.loop.quarantineLocation)
        let rows = try quarantine.scan(columns: ["offset", "error_kind", "error"]).rows()
        #expect(rows.compactMap { r -> Int64? in if case .int64(let o)? = r["offset"] { o } else { nil } }.sorted()
                == [second[4].offset, second[9].offset])
        #expect(rows.allSatisfy { $0["error_kind"] == .string("write_failed") })
        #expect(rows.allSatisfy { r in if case .string(let e)? = r["error"] { e.contains("month") } else { false } }, "\(rows)")
        // The table records the whole batch's offset (in a commit after the quarantine rows).
        let tp = TopicPartition("case-sql", 0)
        #expect(try IngestPartitionsTests.versions(cases)[tp] == (second.last?.offset ?? 0) + 1)

        // Redelivered: every message already applied, nothing quarantined twice.
        let quarantineVersion = try quarantine.latestVersion()
        let tableVersion = try cases.latestVersion()
        let again = try fx.loop.process(second, now: 3)
        #expect(again.commits == 0 && again.quarantined == 0)
        #expect(try quarantine.latestVersion() == quarantineVersion && cases.latestVersion() == tableVersion)
    }

    /// Redelivery after a crash between the quarantine commit and the table's offsets: the good records merge again
    /// (no change), the refused one is not quarantined twice, and the offsets are recorded.
    @Test func crashBeforeTheDeferredOffsetsRedoesWithoutDuplicates() throws {
        var fx = try LoopFixture(Self.configure)
        var feed = InlineFeed()
        let cases = fx.table(.cases, "child")
        _ = try fx.loop.process([feed.caseSave("c0", modified: 1, [("reporting_period", "2024-03-01")])], now: 1)
        let batch = [feed.caseSave("c1", modified: 1, [("reporting_period", "2024-03-01")]),
                     feed.caseSave("c2", modified: 1, [("reporting_period", "soon")])]
        _ = try fx.loop.process(batch, now: 2)
        // Remove the table's offsets commit (the last one) as if the process died before writing it.
        let last = try #require(try cases.latestVersion())
        try FileManager.default.removeItem(atPath: cases.location + "/_delta_log/" + String(format: "%020lld.json", last))
        #expect(try IngestPartitionsTests.versions(cases)[TopicPartition("case-sql", 0)] == 1)

        let again = try fx.loop.process(batch, now: 3)
        #expect(again.quarantined == 0)
        #expect(try IngestPartitionsTests.versions(cases)[TopicPartition("case-sql", 0)] == 3)
        #expect(Set(try fx.rows(cases).keys) == ["c0", "c1"])
        #expect(try DeltaTable(path: fx.loop.quarantineLocation).scan().count() == 1)
    }

    @Test func isolationFindsEachRefusedItemAndStopsOnTransientErrors() throws {
        var attempts = 0
        let bad: Set<Int> = [3, 17, 18]
        func attempt(_ part: ArraySlice<Int>) throws(IngestLoopError) {
            attempts += 1
            if part.contains(where: bad.contains) { throw .delta(table: "t", .schemaMismatch(columns: ["x"])) }
        }
        let failed = try RecordIsolation.isolate(Array(0..<32)[...], failure: .delta(table: "t", .schemaMismatch(columns: ["x"])),
                                                 attempt: attempt)
        #expect(failed.map(\.0).sorted() == [3, 17, 18])
        #expect(attempts < 32)

        #expect(throws: IngestLoopError.self) {
            _ = try RecordIsolation.isolate(Array(0..<4)[...], failure: .delta(table: "t", .retriesExhausted(attempts: 3, lastWinner: 1))) {
                _ throws(IngestLoopError) in
            }
        }
        #expect(!IngestLoopError.source(.database("down")).isPermanentForRecords)
        #expect(!IngestLoopError.delta(table: "t", .storage(.notFound(path: "x"))).isPermanentForRecords)
    }
}
