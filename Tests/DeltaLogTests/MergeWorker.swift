import Testing
import TestSupport
import Foundation
@testable import DeltaLog

/// The child side of the MERGE process tests: re-runs of this test binary with `DELTALOG_MERGE_WORKER=<role>`
/// act on the table at `DELTALOG_TABLE` and report on stdout. Disabled in a normal run.
@Suite(.enabled(if: MergeWorkerRole.current != nil))
struct MergeWorker {
    static let crashApp = "crash"

    /// Generation `g` of the crash workload: five distinct keys out of 40, newer than anything before, some
    /// flagged as deletions.
    static func generation(_ g: Int64) -> [(String, MergeFixtures.Row)] {
        (0..<5).map { i in
            ("k\((g * 7 + Int64(i)) % 40)", MergeFixtures.Row(ts: g, v: g * 10 + Int64(i), del: (g + Int64(i)) % 9 == 0 ? true : nil,
                                                              p: Int32((g + Int64(i)) % 3)))
        }
    }

    /// The table after generations 1...g, as the upsert with a delete flag defines it.
    static func model(through g: Int64) -> [String: MergeFixtures.Row] {
        var m: [String: MergeFixtures.Row] = [:]
        if g < 1 { return m }
        for n in 1...g {
            for (id, r) in generation(n) { m[id] = r.del == true ? nil : r }
        }
        return m
    }

    @Test func work() throws {
        let role = try #require(MergeWorkerRole.current)
        let table = DeltaTable(path: try #require(ProcessInfo.processInfo.environment["DELTALOG_TABLE"]))
        WorkerProcess.say("ready")
        if role.hasPrefix("crash:") {
            // Merges generation after generation (recording each in a txn), with optimize or vacuum in between,
            // until killed.
            var g = (try table.snapshot().transactionVersion(appId: Self.crashApp) ?? 0) + 1
            while true {
                try table.upsert([try MergeFixtures.batch(Self.generation(g))], keyColumns: ["_id"], newerBy: "ts", deleteFlag: "del",
                                 options: WriteOptions(transaction: (appId: Self.crashApp, version: g), bloomFilterColumns: ["_id"]))
                WorkerProcess.say("committed \(g)")
                if role == "crash:optimize" || role == "crash:vacuum", g % 2 == 0 { try table.optimize() }
                if role == "crash:vacuum" { try table.vacuum(VacuumOptions(retentionHours: 0, force: true, logRetentionHours: 0)) }
                g += 1
            }
        }
        // "upsert:<p>:<rounds>": each round upserts one private and one shared key, timestamped so the newest
        // write of a key is the one with the largest ts; reports each acknowledged write.
        let parts = role.split(separator: ":")
        guard parts.count == 3, let p = Int64(parts[1]), let rounds = Int64(parts[2]) else {
            Issue.record("unknown role \(role)")
            return
        }
        for round in 0..<rounds {
            let ts = round * 4 + p
            let rows = [("own-\(p)-\(round % 6)", MergeFixtures.Row(ts: ts, v: ts, del: nil, p: Int32(p % 2))),
                        ("shared-\(round % 4)", MergeFixtures.Row(ts: ts, v: ts, del: nil, p: Int32(round % 3)))]
            var spec = MergeSpec.upsert(keyColumns: ["_id"], newerBy: "ts", writeOptions: WriteOptions(bloomFilterColumns: ["_id"]))
            spec.maxConflictRetries = 100
            do {
                try table.merge([try MergeFixtures.batch(rows)], spec)
                WorkerProcess.say("committed \(rows.map { "\($0.0)=\($0.1.ts)" }.joined(separator: ","))")
            } catch {
                WorkerProcess.say("ok failed \(error)")
            }
        }
    }
}

enum MergeWorkerRole {
    /// The role this process plays in the MERGE process tests, or nil in the normal test run.
    static var current: String? { ProcessInfo.processInfo.environment["DELTALOG_MERGE_WORKER"] }
}
