import Testing
import TestSupport
import Foundation
@testable import DeltaLog

/// Separate processes against one table: the conflict matrix, and SIGKILL at random instants.
@Suite(.serialized, .enabled(if: WorkerRole.current == nil))
struct ProcessTests {
    @Test func conflictMatrixAcrossProcesses() throws {
        for first in ConflictTests.Op.allCases {
            for second in ConflictTests.Op.allCases {
                let dir = try TemporaryDirectory()
                let table = DeltaTable(path: dir.path)
                try ConflictTests.seed(table)
                let goA = dir.path + "/go-a", goB = dir.path + "/go-b"
                let a = try WorkerChild(role: "op:\(first.rawValue)", table: dir.path, extra: ["DELTALOG_GO": goA])
                let b = try WorkerChild(role: "op:\(second.rawValue)", table: dir.path, extra: ["DELTALOG_GO": goB])
                #expect(a.nextLine() == "ready")
                #expect(b.nextLine() == "ready")
                _ = FileManager.default.createFile(atPath: goA, contents: nil)
                #expect(a.nextLine() == "ok 2", "\(first) first")
                _ = FileManager.default.createFile(atPath: goB, contents: nil)
                let expected: String
                switch ConflictTests.expected(first, second) {
                case .bothSucceed: expected = "ok 3"
                case let .conflict(kind): expected = "conflict \(kind.rawValue) 2"
                }
                #expect(b.nextLine() == expected, "\(first) then \(second)")
                a.process.waitUntilExit()
                b.process.waitUntilExit()
            }
        }
    }

    /// Kills an appending or overwriting child at random instants (110 trials each, 220 in all); after each kill
    /// the table must open and its latest version must hold exactly the rows its commits made.
    @Test(arguments: ["append", "overwrite"])
    func sigkillLeavesOneCommittedVersion(role: String) throws {
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        try table.create(TableDefinition(schema: LogFixtures.schema(), partitionColumns: ["month"]))
        var rng = SeededGenerator(seed: role == "append" ? 1 : 2)
        var acknowledged: Int64 = 0
        let trials = 110
        for _ in 0..<trials {
            let child = try WorkerChild(role: role, table: dir.path)
            #expect(child.nextLine() == "ready")
            usleep(UInt32.random(in: 0...40_000, using: &rng))
            child.kill()
            // Every acknowledged commit is durable.
            let s = try table.snapshot()
            #expect(s.version >= acknowledged)
            acknowledged = s.version
            let rows = try table.scan(s).rows()
            switch role {
            case "append":
                // Version v holds exactly the v committed appends of three rows each.
                #expect(rows.count == 3 * Int(s.version))
            default:
                if s.version > 0 {
                    let generation = try #require(s.transactionVersion(appId: "worker"))
                    #expect(rows.count == 3)
                    #expect(rows.allSatisfy { $0["name"] == .string("gen-\(generation)") })
                }
            }
        }
        // The whole history replays, checkpoints included, and no temporary file is visible as a commit.
        let latest = try table.snapshot()
        for v in stride(from: Int64(0), through: latest.version, by: Int(max(1, latest.version / 20))) {
            _ = try table.snapshot(version: v)
        }
        #expect(latest.version > 0)
        print("sigkill \(role): \(trials) trials, \(latest.version) versions committed")
    }
}
