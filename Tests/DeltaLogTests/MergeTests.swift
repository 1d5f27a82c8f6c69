import Testing
import TestSupport
import Foundation
@testable import DeltaLog
import Columnar

@Suite struct MergeTests {
    typealias Row = MergeFixtures.Row

    @Test func upsertInsertsUpdatesWithDeletionVectorsAndKeepsHistory() throws {
        let dir = try ScratchDirectory()
        let table = DeltaTable(path: dir.path)
        try MergeFixtures.create(table)
        let initial = (0..<100).map { ("k\($0)", Row(ts: 10, v: Int64($0), del: nil, p: Int32($0 % 3))) }
        try table.append([try MergeFixtures.batch(initial)], options: WriteOptions(bloomFilterColumns: ["_id"]))
        let v1 = try table.snapshot()
        let files = v1.files

        // k5 updated (newer), k6 stale (older ts: ignored), k7 deleted, k200 inserted, k201 deleted-but-absent (skipped).
        let source = try MergeFixtures.batch([
            ("k5", Row(ts: 20, v: 500, del: false, p: 2)), ("k6", Row(ts: 5, v: 600, del: nil, p: 0)),
            ("k7", Row(ts: 30, v: 0, del: true, p: 1)), ("k200", Row(ts: 1, v: 2000, del: nil, p: 1)),
            ("k201", Row(ts: 1, v: 0, del: true, p: 1)),
        ])
        let r = try table.upsert([source], keyColumns: ["_id"], newerBy: "ts", deleteFlag: "del")
        #expect(r.rowsUpdated == 1)
        #expect(r.rowsDeleted == 1)
        #expect(r.rowsInserted == 1)
        #expect(r.filesTouched == 2)

        let (now, dups) = try MergeFixtures.contents(table)
        #expect(dups.isEmpty)
        #expect(now.count == 100)
        #expect(now["k5"] == Row(ts: 20, v: 500, del: false, p: 2))
        #expect(now["k6"] == Row(ts: 10, v: 6, del: nil, p: 0))
        #expect(now["k7"] == nil)
        #expect(now["k200"] == Row(ts: 1, v: 2000, del: nil, p: 1))
        #expect(now["k201"] == nil)
        #expect(try table.scan().count() == 100)
        #expect(try table.scan(filter: .eq("p", .int32(1))).count() == now.values.filter { $0.p == 1 }.count)

        // Data files were not rewritten: the same paths, now with deletion vectors.
        let s = try table.snapshot()
        let touched = s.files.filter { $0.deletionVector != nil }
        #expect(touched.count == 2)
        #expect(touched.allSatisfy { t in files.contains { $0.path == t.path } })
        // The previous version still reads as it was, also after a checkpoint.
        try table.checkpoint()
        #expect(try MergeFixtures.contents(table, version: v1.version).rows.count == 100)
        #expect(try MergeFixtures.contents(table, version: v1.version).rows["k7"] == Row(ts: 10, v: 7, del: nil, p: 1))
        #expect(try MergeFixtures.contents(DeltaTable(path: dir.path)).rows == now)
    }

    @Test func duplicateSourceKeysAreAnErrorUnlessAWinnerIsNamed() throws {
        let dir = try ScratchDirectory()
        let table = DeltaTable(path: dir.path)
        try MergeFixtures.create(table)
        let source = try MergeFixtures.batch([
            ("a", Row(ts: 2, v: 1, del: nil, p: 0)), ("a", Row(ts: 9, v: 2, del: nil, p: 0)), ("a", Row(ts: 3, v: 3, del: nil, p: 0)),
        ])
        #expect(throws: DeltaLogError.duplicateSourceKeys(key: "\"a\"", count: 3)) {
            try table.merge([source], MergeSpec(keyColumns: ["_id"]))
        }
        #expect(try table.latestVersion() == 0)
        try table.merge([source], MergeSpec(keyColumns: ["_id"], winnerColumn: "ts"))
        #expect(try MergeFixtures.contents(table).rows == ["a": Row(ts: 9, v: 2, del: nil, p: 0)])
    }

    @Test func schemaEvolvesAsInAppends() throws {
        let dir = try ScratchDirectory()
        let table = DeltaTable(path: dir.path)
        try MergeFixtures.create(table)
        try table.append([try MergeFixtures.batch([("a", Row(ts: 1, v: 1, del: nil, p: 0))])])
        let wider = try Schema(columns: [("_id", .string, true), ("ts", .int64, true), ("extra", .string, true), ("p", .int32, true)])
        var b = RecordBatchBuilder(schema: wider)
        try b.append(row: [.string("a"), .int64(2), .string("x"), .int32(0)])
        try b.append(row: [.string("b"), .int64(2), .string("y"), .int32(1)])
        try table.merge([try b.finish()], MergeSpec(keyColumns: ["_id"]))
        let rows = try table.scan(columns: ["_id", "v", "extra"]).rows().sorted { "\($0["_id"] ?? .null)" < "\($1["_id"] ?? .null)" }
        #expect(rows.count == 2)
        #expect(rows[0]["extra"] == .string("x"))
        #expect(rows[0]["v"] == .null)
        #expect(rows[1]["extra"] == .string("y"))
    }

    @Test func deleteByKeysAndPredicateAndUpdate() throws {
        let dir = try ScratchDirectory()
        let table = DeltaTable(path: dir.path)
        try MergeFixtures.create(table, properties: [DeletionVectorStore.inlineThresholdProperty: "0"])
        try table.append([try MergeFixtures.batch((0..<50).map { ("k\($0)", Row(ts: 1, v: Int64($0), del: nil, p: Int32($0 % 2))) })])
        let keys = try MergeFixtures.batch([("k1", Row(ts: 0, v: 0, del: nil, p: 0)), ("k2", Row(ts: 0, v: 0, del: nil, p: 0)),
                                            ("missing", Row(ts: 0, v: 0, del: nil, p: 0))])
        let d = try table.delete(keys: keys, keyColumns: ["_id"])
        #expect(d.rowsDeleted == 2)
        // Every deletion vector went to a file (threshold 0), which vacuum must recognise as the table's.
        #expect(try table.snapshot().files.allSatisfy { $0.deletionVector == nil || $0.deletionVector?.storageType == "u" })
        let p = try table.delete(where: .lt("v", .int64(10)))
        #expect(p.rowsDeleted == 8)
        let u = try table.update(where: .ge("v", .int64(40)), set: ["ts": .value(.int64(99)), "v": .column("ts")])
        #expect(u.rowsUpdated == 10)
        let rows = try MergeFixtures.contents(table).rows
        #expect(rows.count == 40)
        #expect(rows["k45"] == Row(ts: 99, v: 1, del: nil, p: 1))
        #expect(rows["k20"] == Row(ts: 1, v: 20, del: nil, p: 0))
        #expect(try table.scan().count() == 40)
        // Deleting everything left in a partition removes its files outright.
        try table.delete(where: .eq("p", .int32(0)))
        #expect(try table.snapshot().files.allSatisfy { $0.partitionValues.values.contains("1") })
    }
}
