import Testing
import TestSupport
import Foundation
@testable import DeltaLog
import Columnar

/// OPTIMIZE and VACUUM, and the conflict rules of MERGE, DELETE and OPTIMIZE against concurrent commits.
@Suite struct MaintenanceTests {
    typealias Row = MergeFixtures.Row

    static func seeded(_ table: DeltaTable, files: Int, rowsPerFile: Int) throws {
        try MergeFixtures.create(table)
        for f in 0..<files {
            let rows = (0..<rowsPerFile).map { i in ("k\(f * rowsPerFile + i)", Row(ts: 1, v: Int64(f * rowsPerFile + i), del: nil, p: 0)) }
            try table.append([try MergeFixtures.batch(rows)], options: WriteOptions(bloomFilterColumns: ["_id"]))
        }
    }

    @Test func optimizeCompactsDropsDeletedRowsAndSorts() throws {
        let dir = try ScratchDirectory()
        let table = DeltaTable(path: dir.path)
        try Self.seeded(table, files: 6, rowsPerFile: 20)
        try table.delete(where: .lt("v", .int64(30)))
        let before = try MergeFixtures.contents(table).rows
        let beforeVersion = try table.snapshot().version
        final class Calls: @unchecked Sendable { var seen: [OptimizeProgress] = [] }
        let calls = Calls()
        let r = try table.optimize(OptimizeOptions(sortBy: ["v"], progress: { calls.seen.append($0) }))
        #expect(r.progress.filesRemoved == 5)
        #expect(r.progress.filesAdded == 1)
        #expect(calls.seen.last == r.progress)
        let s = try table.snapshot()
        #expect(s.files.count == 1)
        #expect(s.files.allSatisfy { $0.deletionVector == nil && !$0.dataChange })
        #expect(try MergeFixtures.contents(table).rows == before)
        #expect(try table.scan(columns: ["v"]).rows().map { $0["v"] } == (30..<120).map { Value.int64(Int64($0)) })
        // The commit is marked as changing no data, and time travel still sees the deleted rows' versions.
        #expect(try table.history(limit: 1).first?.actions.allSatisfy { a in
            switch a { case let .add(f): return !f.dataChange; case let .remove(f): return !f.dataChange; default: return true }
        } == true)
        #expect(try MergeFixtures.contents(table, version: beforeVersion).rows == before)
        // Nothing left to do: no commit.
        #expect(try table.optimize().commit == nil)
    }

    @Test func concurrentAppendNeverConflictsWithOptimizeButDeleteOfItsFileDoes() throws {
        let dir = try ScratchDirectory()
        let table = DeltaTable(path: dir.path)
        try Self.seeded(table, files: 3, rowsPerFile: 5)
        let base = try table.snapshot()
        // An append that lands first: the optimize planned on `base` still commits (one attempt).
        try table.append([try MergeFixtures.batch([("new", Row(ts: 1, v: 1000, del: nil, p: 0))])])
        var tx = try table.startTransaction(on: base)
        for f in base.files { tx.remove(f.removal(at: 1, dataChange: false)) }
        let rows = try table.scan(base).collect()
        let written = try table.dataWriter(base, schema: base.schema, keyColumns: [], options: WriteOptions()).write(rows)
        for var f in written { f.dataChange = false; tx.add(f) }
        let won = try tx.commit(operation: "OPTIMIZE")
        #expect(won.attempts == 2)
        #expect(try table.scan().count() == 16)

        // A delete that touches a file the optimize compacts makes the optimize conflict.
        let s = try table.snapshot()
        var opt = try table.startTransaction(on: s)
        for f in s.files { opt.remove(f.removal(at: 1, dataChange: false)) }
        try table.delete(keys: try MergeFixtures.batch([("new", Row(ts: 0, v: 0, del: nil, p: 0))]), keyColumns: ["_id"])
        #expect {
            try opt.commit(operation: "OPTIMIZE")
        } throws: { e in
            guard case let .conflict(c)? = e as? DeltaLogError else { return false }
            return c.kind == .concurrentDeleteDelete
        }
    }

    @Test func mergeConflictsWithAConcurrentInsertOfItsKeysAndRetries() throws {
        let dir = try ScratchDirectory()
        let table = DeltaTable(path: dir.path)
        try Self.seeded(table, files: 2, rowsPerFile: 5)
        let base = try table.snapshot()
        // Stage a MERGE-like transaction by hand on `base` that inserts key "x" having not found it.
        let lookup = try KeyLookup(batch: try MergeFixtures.batch([("x", Row(ts: 1, v: 1, del: nil, p: 0))]), keyColumns: ["_id"], prefer: nil)
        let locator = TargetLocator(table: table, snapshot: base, lookup: lookup)
        var tx = try table.startTransaction(on: base)
        tx.readAddedFiles { f in !locator.candidateKeys(f, useFileFilters: true).isEmpty }
        // A blind append of other keys does not conflict; one of key "x" does.
        try table.append([try MergeFixtures.batch([("y", Row(ts: 1, v: 1, del: nil, p: 0))])], options: WriteOptions(bloomFilterColumns: ["_id"]))
        try table.append([try MergeFixtures.batch([("x", Row(ts: 1, v: 2, del: nil, p: 0))])], options: WriteOptions(bloomFilterColumns: ["_id"]))
        #expect {
            try tx.commit(operation: "MERGE")
        } throws: { e in
            guard case let .conflict(c)? = e as? DeltaLogError else { return false }
            return c.kind == .concurrentAppend && c.winnerVersion == base.version + 2
        }
        // The real merge re-plans and updates the row instead of inserting a duplicate.
        try table.upsert([try MergeFixtures.batch([("x", Row(ts: 5, v: 3, del: nil, p: 1))])], keyColumns: ["_id"], newerBy: "ts")
        let rows = try MergeFixtures.contents(table)
        #expect(rows.duplicates.isEmpty)
        #expect(rows.rows["x"] == Row(ts: 5, v: 3, del: nil, p: 1))
    }

    @Test func vacuumKeepsEveryFileAVersionInTheWindowNeeds() throws {
        let dir = try ScratchDirectory()
        let table = DeltaTable(path: dir.path)
        try MergeFixtures.create(table, properties: ["delta.checkpointInterval": "4", DeletionVectorStore.inlineThresholdProperty: "0"])
        var rng = SeededGenerator(seed: 11)
        for i in 0..<24 {
            let rows = (0..<5).map { _ in ("k\(Int.random(in: 0..<30, using: &rng))", Row(ts: Int64(i), v: Int64(i), del: Bool.random(using: &rng), p: Int32(i % 2))) }
            try table.upsert([try MergeFixtures.batch(rows)], keyColumns: ["_id"], newerBy: "ts", deleteFlag: "del")
            if i % 6 == 5 { try table.optimize() }
            usleep(2000)
        }
        // Files VACUUM must never touch.
        try table.storage.write("notes.txt", Array("hello".utf8))
        try table.storage.write("_other/part-x.slc", [1, 2, 3])
        try table.storage.write("p=0/readme.md", [1])

        let history = try table.history()
        let latest = try table.snapshot()
        #expect(throws: DeltaLogError.self) { try table.vacuum(VacuumOptions(retentionHours: 1)) }
        // Cut the window at the commit time of version 12.
        let cut = try #require(history.first { $0.version == 12 }).timestamp
        let now = Transaction.nowMillis() + 1
        let hours = Double(now - cut) / 3_600_000
        let dry = try table.vacuum(VacuumOptions(retentionHours: hours, force: true, dryRun: true, now: now))
        #expect(!dry.files.isEmpty)
        #expect(try table.storage.info(try #require(dry.files.first).path) != nil)
        let done = try table.vacuum(VacuumOptions(retentionHours: hours, force: true, now: now))
        #expect(Set(done.files) == Set(dry.files))
        #expect(done.files.contains { DeletionVectorStore.isDeletionVectorFile($0.path) })
        for f in done.files { #expect(try table.storage.info(f.path) == nil) }
        // Every version from 12 on is intact: every data file and deletion vector it references exists.
        let store = DeletionVectorStore(storage: table.storage, location: table.location)
        for v in 12...latest.version {
            let s = try table.snapshot(version: v)
            for f in s.files {
                #expect(try table.storage.info(f.path) != nil, "version \(v) lost \(f.path)")
                if let d = f.deletionVector { _ = try store.load(d) }
            }
            _ = try table.scan(s).count()
        }
        for kept in ["notes.txt", "_other/part-x.slc", "p=0/readme.md"] { #expect(try table.storage.info(kept) != nil) }

        // The log: with a zero log retention, commits before the newest checkpoint go, and the table still opens.
        let logged = try table.vacuum(VacuumOptions(retentionHours: hours, force: true, logRetentionHours: 0, now: now + 10))
        #expect(logged.logFiles.contains { $0.path == LogPaths.commit(0) })
        #expect(try table.snapshot().version == latest.version)
        #expect(try MergeFixtures.contents(table).rows == MergeFixtures.contents(table, version: latest.version).rows)
    }

    /// The log part of VACUUM removes exactly the commits and checkpoints below the newest loadable checkpoint past
    /// the log retention; a corrupt newest checkpoint is passed over for the one before it.
    @Test func vacuumLogFloorIsTheNewestLoadableCheckpointPastRetention() throws {
        let dir = try ScratchDirectory()
        let table = DeltaTable(path: dir.path)
        try MergeFixtures.create(table, properties: ["delta.checkpointInterval": "4"])
        for i in 0..<13 {
            try table.append([try MergeFixtures.batch([("k\(i)", Row(ts: Int64(i), v: Int64(i), del: nil, p: 0))])])
        }
        CheckpointScheduler.shared.waitUntilIdle()
        let latest = try table.snapshot().version
        #expect(latest == 13)
        func logVersions(_ files: [VacuumFile]) -> (commits: Set<Int64>, checkpoints: Set<Int64>) {
            (Set(files.compactMap { LogPaths.commitVersion($0.path) }), Set(files.compactMap { LogPaths.checkpointVersion($0.path) }))
        }
        let now = Transaction.nowMillis() + 10
        // Nothing is past a 30-day log retention.
        #expect(try table.vacuum(VacuumOptions(retentionHours: 0, force: true, dryRun: true, now: now)).logFiles.isEmpty)
        // The newest checkpoint (12) unreadable: the floor is 8.
        let twelve = LogPaths.checkpoint(12)
        let good = try table.storage.read(twelve)
        try table.storage.write(twelve, Array(good.prefix(good.count / 2)))
        let skipped = logVersions(try table.vacuum(VacuumOptions(retentionHours: 0, force: true, dryRun: true,
                                                                 logRetentionHours: 0, now: now)).logFiles)
        #expect(skipped.commits == Set(0..<8))
        #expect(skipped.checkpoints == [4])
        try table.storage.write(twelve, good)
        let done = logVersions(try table.vacuum(VacuumOptions(retentionHours: 0, force: true, logRetentionHours: 0, now: now)).logFiles)
        #expect(done.commits == Set(0..<12))
        #expect(done.checkpoints == [4, 8])
        for v in Int64(12)...latest { #expect(try table.snapshot(version: v).version == v) }
        #expect(throws: DeltaLogError.self) { try table.snapshot(version: 11) }
        #expect(try MergeFixtures.contents(table).rows.count == 13)
    }
}
