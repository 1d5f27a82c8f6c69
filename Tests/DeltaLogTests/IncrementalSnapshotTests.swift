import Testing
import TestSupport
import Foundation
@testable import DeltaLog

/// The snapshot a committing process derives from the one it read plus the commits it saw and its own
/// actions, and the process-wide snapshot cache built on it, must equal loading that version from the log.
@Suite(.serialized, .enabled(if: WorkerRole.current == nil && MergeWorkerRole.current == nil))
struct IncrementalSnapshotTests {
    /// Everything a snapshot holds, compared field by field.
    static func expectSame(_ a: Snapshot, _ b: Snapshot, _ label: String) {
        #expect(a.version == b.version, "\(label): version")
        #expect(a.timestamp == b.timestamp, "\(label): timestamp")
        #expect(a.files == b.files, "\(label): files")
        // Tombstones of one path with different deletion vectors have no defined order.
        let ta = Set(a.tombstones), tb = Set(b.tombstones)
        #expect(ta == tb, "\(label): tombstones differ: \(ta.subtracting(tb).map(\.path)) vs \(tb.subtracting(ta).map(\.path))")
        #expect(a.transactions == b.transactions, "\(label): txns")
        #expect(a.metadata == b.metadata, "\(label): metadata")
        #expect(a.protocolAction == b.protocolAction, "\(label): protocol")
    }

    /// This process merges while two other processes upsert the same table: after every commit, the snapshot
    /// the commit derived and the cached latest snapshot equal a fresh load of their versions from the log
    /// (checkpoints, written in the background every other version, included).
    @Test func derivedSnapshotsEqualReplayWithOtherWritersInterleaving() throws {
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        try MergeFixtures.create(table, properties: ["delta.checkpointInterval": "2", DeletionVectorStore.inlineThresholdProperty: "16"])
        let children = try (0..<2).map {
            try WorkerChild(role: "upsert:\($0):15", table: dir.path, suite: "MergeWorker", roleVariable: "DELTALOG_MERGE_WORKER")
        }
        for c in children {
            #expect(c.nextLine() == "ready")
            #expect(c.nextLine()?.hasPrefix("committed") == true)
        }
        var derived = 0, interleaved = 0
        var previous = try table.latestSnapshot().version
        for round in Int64(0)..<20 {
            let rows = [("mine-\(round % 5)", MergeFixtures.Row(ts: 1_000 + round, v: round, del: nil, p: Int32(round % 3))),
                        ("shared-\(round % 4)", MergeFixtures.Row(ts: 1_000 + round, v: round, del: round % 6 == 5 ? true : nil, p: 1))]
            var spec = MergeSpec.upsert(keyColumns: ["_id"], newerBy: "ts", deleteFlag: "del",
                                        writeOptions: WriteOptions(bloomFilterColumns: ["_id"]))
            spec.maxConflictRetries = 100
            let r = try table.merge([try MergeFixtures.batch(rows)], spec)
            if r.commit.version > previous + 1 { interleaved += 1 }
            previous = r.commit.version
            if let s = r.commit.snapshot {
                derived += 1
                #expect(s.version == r.commit.version)
                Self.expectSame(s, try table.snapshot(version: s.version), "derived v\(s.version)")
            }
            let latest = try table.latestSnapshot()
            Self.expectSame(latest, try table.snapshot(version: latest.version), "cached v\(latest.version)")
        }
        for c in children { while c.nextLine() != nil {}; c.process.waitUntilExit() }
        let latest = try table.latestSnapshot()
        Self.expectSame(latest, try table.snapshot(), "final")
        #expect(derived == 20)
        #expect(interleaved > 0, "the other processes committed between this one's commits")
        // Every version, from the log, reads; the model of the newest writes is checked by the process tests.
        for v in Int64(0)...latest.version { _ = try table.snapshot(version: v) }
    }

    /// A table deleted and created again at the same location is not mistaken for the cached one.
    @Test func recreatedTableIsNotServedFromTheCache() throws {
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        try MergeFixtures.create(table)
        try table.upsert([try MergeFixtures.batch([("a", .init(ts: 1, v: 1, del: nil, p: 0))])], keyColumns: ["_id"])
        try table.upsert([try MergeFixtures.batch([("b", .init(ts: 1, v: 2, del: nil, p: 0))])], keyColumns: ["_id"])
        #expect(try table.latestSnapshot().version == 2)
        try FileManager.default.removeItem(atPath: dir.path)
        try MergeFixtures.create(table)
        try table.upsert([try MergeFixtures.batch([("c", .init(ts: 1, v: 3, del: nil, p: 0))])], keyColumns: ["_id"])
        try table.upsert([try MergeFixtures.batch([("d", .init(ts: 1, v: 4, del: nil, p: 0))])], keyColumns: ["_id"])
        let s = try table.latestSnapshot()
        Self.expectSame(s, try table.snapshot(), "recreated")
        #expect(Set(try MergeFixtures.contents(table).rows.keys) == ["c", "d"])
    }
}

/// Automatic checkpoints are written after the commit that reaches the interval has returned.
@Suite(.serialized, .enabled(if: WorkerRole.current == nil && MergeWorkerRole.current == nil))
struct BackgroundCheckpointTests {
    /// Local storage whose checkpoint writes wait until released: the commit must return, and readers must
    /// read, while the checkpoint is held back.
    final class HeldCheckpointStorage: Storage, @unchecked Sendable {
        let base: LocalStorage
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        init(root: String) { base = LocalStorage(root: root) }

        func write(_ path: String, _ bytes: [UInt8]) throws(StorageError) {
            if path.contains(".checkpoint.") {
                entered.signal()
                release.wait()
            }
            try base.write(path, bytes)
        }
        func read(_ path: String) throws(StorageError) -> [UInt8] { try base.read(path) }
        func read(_ path: String, range: Range<Int>) throws(StorageError) -> [UInt8] { try base.read(path, range: range) }
        func putIfAbsent(_ path: String, _ bytes: [UInt8]) throws(StorageError) -> Bool { try base.putIfAbsent(path, bytes) }
        func list(prefix: String) throws(StorageError) -> [StorageEntry] { try base.list(prefix: prefix) }
        func listPaths(prefix: String) throws(StorageError) -> [String] { try base.listPaths(prefix: prefix) }
        func delete(_ path: String) throws(StorageError) { try base.delete(path) }
        func info(_ path: String) throws(StorageError) -> StorageEntry? { try base.info(path) }
        func localPath(_ path: String) -> String? { base.localPath(path) }
    }

    @Test func commitReturnsAndReadersReadWhileTheCheckpointIsWritten() throws {
        let dir = try TemporaryDirectory()
        let storage = HeldCheckpointStorage(root: dir.path)
        let table = DeltaTable(storage: storage, location: dir.path)
        try MergeFixtures.create(table, properties: ["delta.checkpointInterval": "3"])
        var results: [MutationResult] = []
        for i in Int64(1)...3 {
            results.append(try table.upsert([try MergeFixtures.batch([("k\(i)", .init(ts: i, v: i, del: nil, p: 0))])], keyColumns: ["_id"]))
        }
        // Version 3 is committed and acknowledged while its checkpoint is still held back.
        #expect(results.last?.commit.version == 3)
        storage.entered.wait()
        #expect(LastCheckpoint.read(storage) == nil)
        let reader = DeltaTable(path: dir.path)
        #expect(try reader.snapshot().version == 3)
        #expect(try MergeFixtures.contents(reader).rows.count == 3)
        // Another commit meanwhile; its own checkpoint is not due.
        try table.upsert([try MergeFixtures.batch([("k4", .init(ts: 4, v: 4, del: nil, p: 0))])], keyColumns: ["_id"])
        storage.release.signal()
        DeltaTable.waitForBackgroundCheckpoints()
        #expect(LastCheckpoint.read(storage)?.version == 3)
        let fromCheckpoint = try Checkpoint.read(storage: storage, version: 3)
        #expect(fromCheckpoint.state.files == (try table.snapshot(version: 3)).state.files)
        IncrementalSnapshotTests.expectSame(try table.snapshot(), try table.latestSnapshot(), "after checkpoint")
    }

    @Test func lastCheckpointNeverMovesBack() throws {
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        try MergeFixtures.create(table, properties: ["delta.checkpointInterval": "4"])
        for i in Int64(1)...5 {
            try table.upsert([try MergeFixtures.batch([("k\(i)", .init(ts: i, v: i, del: nil, p: 0))])], keyColumns: ["_id"])
        }
        DeltaTable.waitForBackgroundCheckpoints()
        #expect(LastCheckpoint.read(table.storage)?.version == 4)
        // A late request for an older version (a slow writer's) neither writes it nor moves the hint back.
        CheckpointScheduler.shared.schedule(table, try table.snapshot(version: 2))
        DeltaTable.waitForBackgroundCheckpoints()
        #expect(LastCheckpoint.read(table.storage)?.version == 4)
        #expect(try Checkpoint.candidates(storage: table.storage, version: 2).isEmpty)
    }

    /// A writer that exited before its background checkpoint was written: the next process to load the table for
    /// an operation writes the overdue checkpoint.
    @Test func overdueCheckpointIsWrittenByTheNextOperation() throws {
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        try MergeFixtures.create(table, properties: ["delta.checkpointInterval": "4"])
        for i in Int64(1)...6 {
            try table.upsert([try MergeFixtures.batch([("k\(i)", .init(ts: i, v: i, del: nil, p: 0))])], keyColumns: ["_id"])
        }
        DeltaTable.waitForBackgroundCheckpoints()
        // As if the checkpoint had never been written, in a process that holds no snapshot of the table.
        for p in try table.storage.listPaths(prefix: LogPaths.directory) where p.contains(".checkpoint.") || p == LogPaths.lastCheckpoint {
            try table.storage.delete(p)
        }
        SnapshotCache.shared.remove(SnapshotCache.key(table))
        try table.upsert([try MergeFixtures.batch([("k7", .init(ts: 7, v: 7, del: nil, p: 0))])], keyColumns: ["_id"])
        DeltaTable.waitForBackgroundCheckpoints()
        #expect(LastCheckpoint.read(table.storage)?.version == 6)
        #expect(try MergeFixtures.contents(table).rows.count == 7)
    }
}
