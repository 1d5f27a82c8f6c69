import Testing
import TestSupport
import Foundation
@testable import DeltaLog
import Columnar

/// Pairs of concurrent transactions: both read version N, A commits first, then B commits.
@Suite struct ConflictTests {
    enum Op: String, CaseIterable {
        case blindAppend, appendAfterReadingPartition, deleteFile, overwritePartition, metadataChange, txnUpdate
    }

    enum Outcome: Equatable { case bothSucceed, conflict(ConcurrentModification.Kind) }

    /// Applies `op` to a transaction on a table with files month=2024-01-01/a and month=2024-02-01/b.
    static func stage(_ op: Op, _ tx: inout Transaction, tag: String) throws {
        let s = try #require(tx.snapshot)
        let jan = try #require(s.files.first { $0.partitionValues["month"] == "2024-01-01" })
        switch op {
        case .blindAppend:
            tx.add(LogFixtures.add("month=2024-01-01/\(tag).slc"))
        case .appendAfterReadingPartition:
            tx.readPartitions { $0["month"] == "2024-01-01" }
            tx.add(LogFixtures.add("month=2024-01-01/\(tag).slc"))
        case .deleteFile:
            tx.readFiles([jan])
            tx.remove(jan.removal(at: 1))
        case .overwritePartition:
            tx.readPartitions { $0["month"] == "2024-01-01" }
            tx.readFiles([jan])
            tx.remove(jan.removal(at: 1))
            tx.add(LogFixtures.add("month=2024-01-01/\(tag).slc"))
        case .metadataChange:
            var m = s.metadata
            m.configuration["tag"] = tag
            tx.updateMetadata(m)
        case .txnUpdate:
            _ = tx.transactionVersion(appId: "ingest")
            tx.setTransaction(appId: "ingest", version: 1)
            tx.add(LogFixtures.add("month=2024-02-01/\(tag).slc", month: "2024-02-01"))
        }
    }

    /// The expected outcome when `first` commits before `second` under WriteSerializable.
    static func expected(_ first: Op, _ second: Op) -> Outcome {
        switch (first, second) {
        case (.metadataChange, _): return .conflict(.metadataChanged)
        case (.txnUpdate, .txnUpdate): return .conflict(.concurrentTransaction)
        case (.deleteFile, .deleteFile), (.deleteFile, .overwritePartition), (.overwritePartition, .deleteFile),
             (.overwritePartition, .overwritePartition):
            return .conflict(.concurrentDeleteDelete)
        case (.appendAfterReadingPartition, .appendAfterReadingPartition), (.appendAfterReadingPartition, .overwritePartition),
             (.overwritePartition, .appendAfterReadingPartition):
            return .conflict(.concurrentAppend)
        default: return .bothSucceed
        }
    }

    static func seed(_ table: DeltaTable) throws {
        try table.create(TableDefinition(schema: LogFixtures.schema(), partitionColumns: ["month"]))
        var tx = try table.startTransaction()
        tx.add(LogFixtures.add("month=2024-01-01/a.slc"))
        tx.add(LogFixtures.add("month=2024-02-01/b.slc", month: "2024-02-01"))
        try tx.commit(operation: "WRITE")
    }

    static func outcome(_ result: Result<CommitResult, DeltaLogError>) -> Outcome? {
        switch result {
        case .success: return .bothSucceed
        case let .failure(.conflict(c)): return .conflict(c.kind)
        case .failure: return nil
        }
    }

    @Test(arguments: Op.allCases)
    func sequentialMatrix(first: Op) throws {
        for second in Op.allCases {
            let dir = try TemporaryDirectory()
            let table = DeltaTable(path: dir.path)
            try Self.seed(table)
            var a = try table.startTransaction(), b = try table.startTransaction()
            try Self.stage(first, &a, tag: "a")
            try Self.stage(second, &b, tag: "b")
            let winner = try a.commit(operation: first.rawValue)
            let result = Result { () throws(DeltaLogError) in try b.commit(operation: second.rawValue) }
            #expect(Self.outcome(result) == Self.expected(first, second), "\(first) then \(second)")
            if case let .failure(.conflict(c)) = result {
                #expect(c.winnerVersion == winner.version && c.winnerOperation == first.rawValue)
            }
            if case let .success(r) = result { #expect(r.version == 3 && r.attempts == 2) }
        }
    }

    @Test func serializableTreatsBlindAppendsAsConflicts() throws {
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        try Self.seed(table)
        var reader = try table.startTransaction(isolation: .serializable)
        var relaxed = try table.startTransaction(isolation: .writeSerializable)
        try Self.stage(.appendAfterReadingPartition, &reader, tag: "r")
        try Self.stage(.appendAfterReadingPartition, &relaxed, tag: "w")
        var appender = try table.startTransaction()
        try Self.stage(.blindAppend, &appender, tag: "x")
        try appender.commit(operation: "WRITE")
        #expect(throws: DeltaLogError.self) { try reader.commit(operation: "WRITE") }
        #expect(try relaxed.commit(operation: "WRITE").version == 3)
    }

    @Test func concurrentBlindAppendsFromThreadsAllLand() async throws {
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        try Self.seed(table)
        let writers = 4, perWriter = 10
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<writers {
                group.addTask {
                    for i in 0..<perWriter {
                        var tx = try table.startTransaction()
                        tx.add(LogFixtures.add("month=2024-03-01/w\(w)-\(i).slc", month: "2024-03-01"))
                        try tx.commit(operation: "WRITE")
                    }
                }
            }
            try await group.waitForAll()
        }
        let s = try table.snapshot()
        #expect(s.version == Int64(1 + writers * perWriter))
        #expect(s.fileCount == 2 + writers * perWriter)
    }

    @Test func threadsRacingToDeleteTheSameFileExactlyOneWins() async throws {
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        try Self.seed(table)
        let start = try table.snapshot()
        let results = await withTaskGroup(of: Outcome?.self) { group in
            for t in 0..<4 {
                group.addTask {
                    guard var tx = try? table.startTransaction(on: start) else { return nil }
                    guard (try? Self.stage(.overwritePartition, &tx, tag: "t\(t)")) != nil else { return nil }
                    return Self.outcome(Result { () throws(DeltaLogError) in try tx.commit(operation: "OVERWRITE") })
                }
            }
            var out: [Outcome?] = []
            for await r in group { out.append(r) }
            return out
        }
        #expect(results.filter { $0 == .bothSucceed }.count == 1)
        #expect(results.filter { $0 == .conflict(.concurrentDeleteDelete) }.count == 3)
        #expect(try table.snapshot().version == 2)
    }

    @Test func createRaceHasOneWinner() async throws {
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<4 {
                group.addTask { (try? table.create(TableDefinition(schema: LogFixtures.schema()))) != nil }
            }
            var out: [Bool] = []
            for await r in group { out.append(r) }
            return out
        }
        #expect(results.filter { $0 }.count == 1)
        #expect(try table.snapshot().version == 0)
        #expect(throws: DeltaLogError.tableAlreadyExists(root: dir.path)) { try table.create(TableDefinition(schema: LogFixtures.schema())) }
        #expect(try table.create(TableDefinition(schema: LogFixtures.schema()), ifNotExists: true).version == 0)
    }
}

@Suite struct SchemaRaceTests {
    /// Two writers each adding a different new column at the same time: both appends land, each value under
    /// its own column (the loser rewrites its files with the ids of the evolved schema).
    @Test func concurrentSchemaEvolutionsBothLandInTheRightColumns() async throws {
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        try table.create(TableDefinition(schema: try Schema(columns: [("id", .int64, true)])))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for name in ["x", "y"] {
                group.addTask {
                    for i in 0..<5 {
                        var b = RecordBatchBuilder(schema: try Schema(columns: [("id", .int64, true), (name, .string, true)]))
                        try b.append(row: [.int64(Int64(i)), .string("\(name)\(i)")])
                        try table.append([try b.finish()])
                    }
                }
            }
            try await group.waitForAll()
        }
        let rows = try table.scan().rows()
        #expect(rows.count == 10)
        for r in rows {
            guard case let .int64(i) = r["id"] else { Issue.record("no id"); continue }
            let x = r["x"] ?? .null, y = r["y"] ?? .null
            #expect((x == .string("x\(i)") && y == .null) || (y == .string("y\(i)") && x == .null), "\(r)")
        }
    }
}
