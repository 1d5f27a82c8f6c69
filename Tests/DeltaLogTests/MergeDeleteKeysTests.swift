import Testing
import TestSupport
import Foundation
@testable import DeltaLog
import Columnar

/// `MergeSpec.deleteKeys`: a MERGE that also deletes keys in the same commit must leave exactly what a key DELETE
/// followed by the same MERGE leaves, in one commit carrying the transactions.
@Suite struct MergeDeleteKeysTests {
    typealias Row = MergeFixtures.Row

    /// Two tables with one history: `twin` gets DELETE then MERGE, `single` the MERGE with `deleteKeys`.
    struct Twins: ~Copyable {
        let twinDirectory: ScratchDirectory
        let singleDirectory: ScratchDirectory
        let twin: DeltaTable
        let single: DeltaTable

        init(_ a: consuming ScratchDirectory, _ b: consuming ScratchDirectory) {
            twin = DeltaTable(path: a.path)
            single = DeltaTable(path: b.path)
            twinDirectory = a
            singleDirectory = b
        }

        static func make(columnarFiles: Bool, inlineThreshold: String) throws -> Twins {
            let t = Twins(try ScratchDirectory(), try ScratchDirectory())
            for table in [t.twin, t.single] {
                try MergeFixtures.create(table, properties: [DeletionVectorStore.inlineThresholdProperty: inlineThreshold],
                                         columnarFiles: columnarFiles)
            }
            return t
        }

        func both(_ body: (DeltaTable) throws -> Void) throws {
            try body(twin)
            try body(single)
        }

        /// Applies the delete and the merge to both tables; returns (delete + merge on `twin`, merge on `single`).
        func apply(delete keys: RecordBatch, merge source: RecordBatch, keyColumns: [String],
                   txns: [(appId: String, version: Int64)] = []) throws -> (MutationResult, MutationResult, MutationResult) {
            let d = try twin.delete(keys: keys, keyColumns: keyColumns)
            let m = try twin.upsert([source], keyColumns: keyColumns, newerBy: "ts", deleteFlag: "del",
                                    options: WriteOptions(transactions: txns))
            let s = try single.upsert([source], keyColumns: keyColumns, newerBy: "ts", deleteFlag: "del", deleteKeys: keys,
                                      options: WriteOptions(transactions: txns))
            return (d, m, s)
        }
    }

    /// Every live row as text, sorted: a multiset, so a key held twice shows twice.
    static func rows(_ table: DeltaTable) throws -> [String] {
        try table.scan(columns: ["_id", "ts", "v", "del", "p"]).rows().map { r in
            ["_id", "ts", "v", "del", "p"].map { (r[$0] ?? .null).description }.joined(separator: "|")
        }.sorted()
    }

    static func ids(_ ids: [String?], column: String = "_id") throws -> RecordBatch {
        var b = RecordBatchBuilder(schema: try Schema(columns: [(column, .string, true)]))
        for id in ids { try b.append(row: [id.map(Value.string) ?? .null]) }
        return try b.finish()
    }

    static func row(_ ts: Int64, _ v: Int64, _ p: Int32, del: Bool? = nil) -> Row { Row(ts: ts, v: v, del: del, p: p) }

    @Test(arguments: [(true, "0"), (false, "0"), (true, "1000")])
    func equalsDeleteThenMerge(columnarFiles: Bool, inlineThreshold: String) throws {
        let t = try Twins.make(columnarFiles: columnarFiles, inlineThreshold: inlineThreshold)
        // Several files per partition; k10 and k11 are held twice, in different files.
        try t.both { table in
            try table.append([try MergeFixtures.batch((0..<20).map { ("k\($0)", Self.row(10, Int64($0), Int32($0 % 3))) })],
                             options: WriteOptions(bloomFilterColumns: ["_id"]))
            try table.append([try MergeFixtures.batch([("k10", Self.row(12, 100, 1)), ("k11", Self.row(9, 110, 2))])])
            // Deletion vectors on the first files before the operation under test.
            try table.upsert([try MergeFixtures.batch([("k1", Self.row(20, 1000, 1)), ("k2", Self.row(20, 2000, 2)),
                                                       ("k12", Self.row(20, 1200, 0))])],
                             keyColumns: ["_id"], newerBy: "ts")
        }
        #expect(try Self.rows(t.twin) == Self.rows(t.single))
        let before = try #require(try t.single.latestVersion())

        // k1: deleted, re-created from a copy OLDER than the deleted row's (it must not lose to it).
        // k3: deleted only. k10: held twice, deleted. k4: deleted and re-created newer. k8: deleted, and its source
        // row is a deletion (nothing to insert). absent1: not in the table. absent2: not in the table, inserted.
        // k5 older (ignored), k6 newer (updated), k7 flagged deleted; n1 twice in the source (the newer wins).
        let keys = try Self.ids(["k1", "k3", "k10", "k4", "k8", "absent1", "absent2", nil, "k3"])
        let source = try MergeFixtures.batch([
            ("k1", Self.row(5, 111, 1)), ("k4", Self.row(30, 444, 1)), ("k8", Self.row(30, 0, 2, del: true)),
            ("absent2", Self.row(1, 2, 0)), ("k5", Self.row(1, 555, 2)), ("k6", Self.row(50, 666, 0)),
            ("k7", Self.row(60, 0, 1, del: true)), ("n1", Self.row(3, 1, 0)), ("n1", Self.row(4, 2, 1)),
        ])
        let (d, m, s) = try t.apply(delete: keys, merge: source, keyColumns: ["_id"], txns: [(appId: "p/0", version: 42)])

        let rows = try Self.rows(t.single)
        #expect(try rows == Self.rows(t.twin))
        let (contents, duplicates) = try MergeFixtures.contents(t.single)
        #expect(duplicates == ["k11"])
        #expect(contents["k1"] == Self.row(5, 111, 1))
        #expect(contents["k3"] == nil && contents["k10"] == nil && contents["k8"] == nil && contents["k7"] == nil)
        #expect(contents["k4"] == Self.row(30, 444, 1))
        #expect(contents["absent2"] == Self.row(1, 2, 0) && contents["absent1"] == nil)
        #expect(contents["k5"] == Self.row(10, 5, 2) && contents["k6"] == Self.row(50, 666, 0))
        #expect(contents["n1"] == Self.row(4, 2, 1))
        #expect(contents["k11"] != nil && rows.count == 19)

        // The counts add up to the two commits': k1, k3, k10 twice, k4, k8 by the keys; k7 by its flag.
        #expect(s.rowsDeleted == d.rowsDeleted + m.rowsDeleted && s.rowsDeleted == 7)
        #expect(s.rowsInserted == m.rowsInserted && s.rowsInserted == 4)
        #expect(s.rowsUpdated == m.rowsUpdated && s.rowsUpdated == 1)

        // One commit, a MERGE, with the transaction.
        #expect(s.commit.version == before + 1)
        #expect(try t.single.latestVersion() == before + 1)
        let info = try #require(try t.single.history(limit: 1).first?.commitInfo)
        #expect(info.operation == "MERGE")
        #expect(info.operationParameters["deleteKeys"] == "7")
        #expect(info.operationMetrics["numTargetRowsDeleted"] == "7")
        #expect(try t.single.snapshot().transactionVersion(appId: "p/0") == 42)
        // Deletion vectors, not rewrites: the only new paths are the written rows' files (partitions 0 and 1).
        let paths = Set(try t.single.snapshot(version: before).files.map(\.path))
        let after = try t.single.snapshot().files
        #expect(after.filter { !paths.contains($0.path) }.count == s.filesAdded && s.filesAdded == 2)
        #expect(after.contains { $0.deletionVector != nil })
        // Readers of a fresh load and of a checkpoint see the same.
        try t.single.checkpoint()
        #expect(try Self.rows(DeltaTable(path: t.single.location)) == rows)
    }

    /// Random histories, keys by `_id` alone or by `_id` and the partition column: after every round both tables
    /// hold the same rows, and the single MERGE's counts equal the DELETE's and MERGE's together.
    @Test(arguments: [["_id"], ["_id", "p"]])
    func randomRoundsMatchDeleteThenMerge(keyColumns: [String]) throws {
        var rng = SeededGenerator(seed: keyColumns.count == 1 ? 7 : 11)
        let t = try Twins.make(columnarFiles: true, inlineThreshold: "16")
        let ids = (0..<40).map { "id\($0)" }
        for round in 0..<12 {
            let keys = try MergeFixtures.batch((0..<Int.random(in: 0...6, using: &rng)).map { _ in
                (ids.randomElement(using: &rng) ?? "id0", Self.row(0, 0, Int32.random(in: 0...2, using: &rng)))
            })
            var sourceRows: [(String, Row)] = []
            var seen: Set<String> = []
            for _ in 0..<Int.random(in: 1...10, using: &rng) {
                let id = ids.randomElement(using: &rng) ?? "id0"
                let p = Int32.random(in: 0...2, using: &rng)
                // One source row per key (no winner ties to resolve differently).
                guard seen.insert(keyColumns.count == 1 ? id : "\(id)/\(p)").inserted else { continue }
                let del: Bool? = Int.random(in: 0..<8, using: &rng) == 0 ? true : nil
                sourceRows.append((id, Self.row(Int64.random(in: 0...20, using: &rng), Int64(round), p, del: del)))
            }
            let (d, m, s) = try t.apply(delete: keys, merge: try MergeFixtures.batch(sourceRows), keyColumns: keyColumns)
            #expect(try Self.rows(t.single) == Self.rows(t.twin), "round \(round)")
            #expect(s.rowsDeleted == d.rowsDeleted + m.rowsDeleted, "round \(round)")
            #expect(s.rowsInserted == m.rowsInserted && s.rowsUpdated == m.rowsUpdated, "round \(round)")
        }
        #expect(try t.single.latestVersion() == 12)
    }

    @Test func badDeleteKeysAreRefusedBeforeAnythingIsWritten() throws {
        let dir = try ScratchDirectory()
        let table = DeltaTable(path: dir.path)
        try MergeFixtures.create(table)
        let source = try MergeFixtures.batch([("a", Self.row(1, 1, 0))])
        let noID = try Self.ids(["a"], column: "other")
        #expect(throws: DeltaLogError.unknownColumn("_id")) {
            try table.upsert([source], keyColumns: ["_id"], deleteKeys: noID)
        }
        // Repeated source keys without a winner stay an error when keys are deleted too.
        let twice = try MergeFixtures.batch([("a", Self.row(1, 1, 0)), ("a", Self.row(2, 2, 0))])
        #expect(throws: DeltaLogError.duplicateSourceKeys(key: "\"a\"", count: 2)) {
            try table.merge([twice], MergeSpec(keyColumns: ["_id"], deleteKeys: try Self.ids(["a", "b"])))
        }
        #expect(try table.latestVersion() == 0)
        // No keys to delete: a plain MERGE, without the parameter.
        try table.upsert([source], keyColumns: ["_id"], deleteKeys: try Self.ids([]))
        #expect(try table.history(limit: 1).first?.commitInfo?.operationParameters["deleteKeys"] == nil)
        #expect(try MergeFixtures.contents(table).rows == ["a": Self.row(1, 1, 0)])
    }

    /// Appends of a key race MERGEs that delete it: a MERGE that planned before an append committed must notice it
    /// (a conflict, then a new plan), so at every version a MERGE committed the key is gone.
    @Test func concurrentAppendsOfADeletedKeyConflictAndAreReplanned() async throws {
        let dir = try ScratchDirectory()
        let table = DeltaTable(path: dir.path)
        try MergeFixtures.create(table)
        let rounds = 25
        let keys = try Self.ids(["x"])
        let merged = try await withThrowingTaskGroup(of: [Int64].self) { group in
            group.addTask {
                for i in 0..<rounds {
                    try table.append([try MergeFixtures.batch([("x", Self.row(Int64(i), Int64(i), Int32(i % 3)))])])
                }
                return []
            }
            group.addTask {
                var versions: [Int64] = []
                for i in 0..<rounds {
                    var spec = MergeSpec.upsert(keyColumns: ["_id"], newerBy: "ts", deleteKeys: keys)
                    spec.maxConflictRetries = 1000
                    let r = try table.merge([try MergeFixtures.batch([("y\(i)", Self.row(1, Int64(i), 0))])], spec)
                    versions.append(r.commit.version)
                }
                return versions
            }
            var all: [Int64] = []
            for try await v in group { all += v }
            return all
        }
        #expect(merged.count == rounds)
        #expect(try table.latestVersion() == Int64(2 * rounds))
        for v in merged {
            let rows = try MergeFixtures.contents(table, version: v).rows
            #expect(rows["x"] == nil, "version \(v)")
            #expect(rows.keys.filter { $0.hasPrefix("y") }.count == merged.filter { $0 <= v }.count, "version \(v)")
        }
    }
}
