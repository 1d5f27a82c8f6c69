import Testing
import TestSupport
@testable import DeltaLog

@Suite struct TimeTravelTests {
    @Test func everyVersionOfAFiftyCommitHistory() throws {
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        let expected = try LogFixtures.history(table, commits: 50)
        for (v, paths) in expected.enumerated() {
            let s = try table.snapshot(version: Int64(v))
            #expect(s.version == Int64(v))
            #expect(s.files.map(\.path) == paths, "version \(v)")
        }
        // By timestamp: each commit's own time gives that version.
        let history = try table.history()
        #expect(history.count == 51)
        for record in history {
            #expect(try table.snapshot(timestamp: record.timestamp).version == record.version)
        }
        let newest = try table.snapshot()
        #expect(try table.snapshot(timestamp: newest.timestamp + 60_000).version == 50)
        let first = try #require(history.last)
        #expect(throws: DeltaLogError.timestampBeforeOldest(requested: first.timestamp - 1, oldest: 0,
                                                            oldestTimestamp: first.timestamp, newest: 50)) {
            try table.snapshot(timestamp: first.timestamp - 1)
        }
        #expect(throws: DeltaLogError.versionNotAvailable(requested: 51, oldest: 0, newest: 50)) { try table.snapshot(version: 51) }
        #expect(throws: DeltaLogError.versionNotAvailable(requested: -1, oldest: 0, newest: 50)) { try table.snapshot(version: -1) }
    }

    @Test func checkpointPlusReplayEqualsPlainReplay() throws {
        let plainDir = try TemporaryDirectory(), cpDir = try TemporaryDirectory()
        let plain = DeltaTable(path: plainDir.path), withCheckpoints = DeltaTable(path: cpDir.path)
        _ = try LogFixtures.history(plain, commits: 35, properties: ["delta.checkpointInterval": "1000"])
        _ = try LogFixtures.history(withCheckpoints, commits: 35, properties: ["delta.checkpointInterval": "10"])
        let checkpoints = try LocalStorage(root: cpDir.path).list(prefix: "_delta_log/").map(\.path).filter { $0.hasSuffix(LogPaths.checkpointSuffix) }
        #expect(checkpoints == [10, 20, 30].map { LogPaths.checkpoint($0) })
        #expect(try LocalStorage(root: plainDir.path).list(prefix: "_delta_log/").allSatisfy { $0.path.hasSuffix(".json") })
        let hint = try JSONParser.parse(try LocalStorage(root: cpDir.path).read(LogPaths.lastCheckpoint))
        #expect(hint["version"] == .int(30))
        for v in Int64(0)...35 {
            let a = try plain.snapshot(version: v), b = try withCheckpoints.snapshot(version: v)
            #expect(a.files.map(\.path) == b.files.map(\.path), "version \(v)")
            #expect(a.tombstones.map(\.path) == b.tombstones.map(\.path), "version \(v)")
            #expect(a.schema == b.schema)
        }
    }

    @Test func cleanedUpLogStartsAtCheckpointAndCorruptCheckpointFallsBack() throws {
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        let expected = try LogFixtures.history(table, commits: 25)
        let storage = LocalStorage(root: dir.path)
        // Corrupt checkpoint 20: replay falls back to checkpoint 10 + commits.
        let cp20 = try storage.read(LogPaths.checkpoint(20))
        try storage.write(LogPaths.checkpoint(20), Array(cp20.prefix(cp20.count / 2)))
        #expect(try table.snapshot().files.map(\.path) == expected[25])
        #expect(throws: DeltaLogError.self) { try Checkpoint.read(storage: storage, version: 20) }
        // Clean up commits 0...9: version 10 (checkpoint) is now the oldest available.
        for v in Int64(0)...9 { try storage.delete(LogPaths.commit(v)) }
        #expect(try table.snapshot(version: 10).files.map(\.path) == expected[10])
        #expect(try table.snapshot(version: 17).files.map(\.path) == expected[17])
        #expect(throws: DeltaLogError.versionNotAvailable(requested: 9, oldest: 10, newest: 25)) { try table.snapshot(version: 9) }
    }

    @Test func refreshReadsOnlyNewCommitsAndEqualsFullLoad() throws {
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        _ = try LogFixtures.history(table, commits: 5)
        var held = try table.snapshot()
        #expect(try table.refresh(held).version == 5)
        for i in 0..<12 {
            var tx = try table.startTransaction()
            tx.add(LogFixtures.add("month=2024-02-01/r-\(i).slc", month: "2024-02-01"))
            try tx.commit(operation: "WRITE")
            if i % 4 == 3 {
                held = try table.refresh(held)
                let full = try table.snapshot()
                #expect(held.version == full.version)
                #expect(held.files == full.files)
            }
        }
        #expect(held.version == 17)
    }
}
