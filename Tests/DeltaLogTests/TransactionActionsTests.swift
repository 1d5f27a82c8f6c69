import Testing
import TestSupport
import Foundation
@testable import DeltaLog
import Columnar

/// Several application transactions (`txn` actions) in one commit: ingest records every Kafka topic-partition of a
/// batch in the commit that holds the batch's rows.
@Suite struct TransactionActionsTests {
    static let schema = try! Schema(columns: [("id", .int64, false), ("v", .string, true)])

    static func batch(_ rows: [(Int64, String)]) throws -> RecordBatch {
        var b = RecordBatchBuilder(schema: schema)
        for r in rows { try b.append(row: [.int64(r.0), .string(r.1)]) }
        return try b.finish()
    }

    /// The `txn` actions of one commit, app id → version, and how many there were.
    static func txns(_ table: DeltaTable, version: Int64) throws -> (versions: [String: Int64], count: Int) {
        let record = try CommitRecord.read(table.storage, version: version)
        var out: [String: Int64] = [:]
        var count = 0
        for case let .txn(t) in record.actions {
            out[t.appId] = t.version
            count += 1
        }
        return (out, count)
    }

    @Test func writeMergeAndDeleteCarryEveryTransaction() throws {
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        try table.create(TableDefinition(schema: Self.schema))

        // An append with three partitions' offsets, one app id repeated: the later version stands, once.
        let a = try table.append([try Self.batch([(1, "a"), (2, "b")])], options: WriteOptions(
            transaction: (appId: "p/0", version: 2), transactions: [(appId: "p/1", version: 7), (appId: "p/0", version: 3)]))
        let first = try Self.txns(table, version: a.version)
        #expect(first.versions == ["p/0": 3, "p/1": 7] && first.count == 2)

        // A MERGE moving two of them on and adding a third.
        let m = try table.upsert([try Self.batch([(2, "B"), (3, "c")])], keyColumns: ["id"], options: WriteOptions(
            transactions: [(appId: "p/1", version: 9), (appId: "p/2", version: 1)]))
        #expect(try Self.txns(table, version: m.commit.version).versions == ["p/1": 9, "p/2": 1])

        // A key DELETE carrying one.
        let d = try table.delete(keys: try Self.batch([(1, "")]), keyColumns: ["id"],
                                 options: WriteOptions(transactions: [(appId: "p/0", version: 5)]))
        #expect(d.rowsDeleted == 1)
        #expect(try Self.txns(table, version: d.commit.version).versions == ["p/0": 5])

        // The snapshot holds the latest version of every app id, whichever commit set it.
        let s = try table.snapshot()
        #expect(s.transactionVersion(appId: "p/0") == 5)
        #expect(s.transactionVersion(appId: "p/1") == 9)
        #expect(s.transactionVersion(appId: "p/2") == 1)
        let rows = try table.scan().rows().compactMap { r -> String? in if case .string(let v)? = r["v"] { v } else { nil } }
        #expect(Set(rows) == ["B", "c"])

        // `transaction` is the first of `transactions`; setting it replaces them all.
        var o = WriteOptions(transactions: [(appId: "x", version: 1), (appId: "y", version: 2)])
        #expect(o.transaction?.appId == "x")
        o.transaction = (appId: "z", version: 4)
        #expect(o.transactions.count == 1 && o.transactions.first?.appId == "z")
    }

    /// The conflict rule holds per app id: a transaction that read one of the app ids a concurrent commit moved on
    /// loses, one that read none of them commits.
    @Test func aConcurrentCommitMovingOneOfSeveralAppIdsConflicts() throws {
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        try table.create(TableDefinition(schema: Self.schema))
        var reader = try table.startTransaction()
        _ = reader.transactionVersion(appId: "p/1")
        reader.setTransaction(appId: "p/1", version: 4)
        var other = try table.startTransaction()
        _ = other.transactionVersion(appId: "q/0")
        other.setTransaction(appId: "q/0", version: 1)

        try table.append([try Self.batch([(1, "a")])],
                         options: WriteOptions(transactions: [(appId: "p/0", version: 3), (appId: "p/1", version: 5)]))
        do {
            try reader.commit(operation: "WRITE")
            Issue.record("committed over a concurrent commit that moved p/1 on")
        } catch let .conflict(c) {
            #expect(c.kind == .concurrentTransaction)
        }
        let won = try other.commit(operation: "WRITE")
        #expect(won.version == 2)
        #expect(try table.snapshot().transactionVersion(appId: "p/1") == 5)
    }
}
