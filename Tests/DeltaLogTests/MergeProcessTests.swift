import Testing
import TestSupport
import Foundation
@testable import DeltaLog

/// MERGE, OPTIMIZE and VACUUM across processes: SIGKILL at random instants, and concurrent upserters.
@Suite(.serialized, .enabled(if: WorkerRole.current == nil && MergeWorkerRole.current == nil))
struct MergeProcessTests {
    func child(_ role: String, _ table: String) throws -> WorkerChild {
        try WorkerChild(role: role, table: table, suite: "MergeWorker", roleVariable: "DELTALOG_MERGE_WORKER")
    }

    /// 70 kills per role, 280 in all; after each the table must equal exactly the committed generation its
    /// `txn` records, every acknowledged generation must be durable, and the table must still open after
    /// vacuum removed its older log and files. "crash:checkpoint" checkpoints every version, so most kills land
    /// while a background checkpoint is being written.
    @Test(arguments: ["crash:merge", "crash:optimize", "crash:vacuum", "crash:checkpoint"])
    func sigkillLeavesOneCommittedVersion(role: String) throws {
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        let interval = role == "crash:checkpoint" ? "1" : "3"
        try MergeFixtures.create(table, properties: ["delta.checkpointInterval": interval, DeletionVectorStore.inlineThresholdProperty: "16"])
        var rng = SeededGenerator(seed: UInt64(role.utf8.count))
        var acknowledged: Int64 = 0
        let trials = 70
        for _ in 0..<trials {
            let c = try child(role, dir.path)
            #expect(c.nextLine() == "ready")
            usleep(UInt32.random(in: 0...200_000, using: &rng))
            c.kill()
            var last: Int64 = 0
            while let line = c.nextLine() { if line.hasPrefix("committed "), let g = Int64(line.dropFirst(10)) { last = g } }
            acknowledged = max(acknowledged, last)
            let s = try table.snapshot()
            let g = s.transactionVersion(appId: MergeWorker.crashApp) ?? 0
            #expect(g >= acknowledged, "generation \(acknowledged) was acknowledged, the table holds \(g)")
            let (rows, duplicates) = try MergeFixtures.contents(table)
            #expect(duplicates.isEmpty)
            #expect(rows == MergeWorker.model(through: g), "\(role): table differs from generation \(g)")
            // The newest checkpoint, whatever instant the kill hit, holds the state of its version.
            if let last = LastCheckpoint.read(table.storage), let cp = try? Checkpoint.read(storage: table.storage, version: last.version),
               role == "crash:checkpoint" {
                #expect(cp.state.files == (try table.snapshot(version: last.version)).state.files)
            }
        }
        print("sigkill \(role): \(trials) trials, generation \(acknowledged) acknowledged")
    }

    /// Four processes upsert private and shared keys at once; every acknowledged write survives unless a newer
    /// acknowledged write of the same key replaced it.
    @Test func fourConcurrentUpsertersLoseNoAcknowledgedWrite() throws {
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        try MergeFixtures.create(table)
        let rounds = 12
        let children = try (0..<4).map { try child("upsert:\($0):\(rounds)", dir.path) }
        var newest: [String: Int64] = [:]
        var failures = 0
        for c in children {
            #expect(c.nextLine() == "ready")
        }
        for c in children {
            while let line = c.nextLine() {
                if line.hasPrefix("ok failed") { failures += 1; continue }
                guard line.hasPrefix("committed ") else { continue }
                for pair in line.dropFirst(10).split(separator: ",") {
                    let kv = pair.split(separator: "=")
                    guard kv.count == 2, let ts = Int64(kv[1]) else { continue }
                    newest[String(kv[0]), default: -1] = max(newest[String(kv[0]), default: -1], ts)
                }
            }
            c.process.waitUntilExit()
        }
        let (rows, duplicates) = try MergeFixtures.contents(table)
        #expect(duplicates.isEmpty)
        #expect(!newest.isEmpty)
        for (key, ts) in newest { #expect(rows[key]?.ts == ts, "\(key): newest acknowledged ts \(ts), table has \(rows[key]?.ts ?? -1)") }
        #expect(Set(rows.keys) == Set(newest.keys))
        print("concurrent upserts: \(newest.count) keys, \(failures) failed (unacknowledged) merges")
    }
}
