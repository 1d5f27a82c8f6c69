import Testing
import TestSupport
import Foundation
@testable import DeltaLog
import Columnar

/// A commit derives the snapshot of the version it wrote from its actions in memory instead of parsing the bytes it
/// wrote: that must give what a reader loading the version from the log gets, for every kind of action.
@Suite struct DerivedSnapshotTests {
    static let stats = #"{"numRecords":2,"minValues":{"id":1,"v":"a \"q\" \\ é"},"maxValues":{"id":2,"v":"z"},"nullCount":{"id":0,"v":1}}"#

    static func add(_ path: String, part: String?, dv: DeletionVectorDescriptor? = nil, tags: [String: String]? = nil) -> AddFile {
        AddFile(path: path, partitionValues: ["p": part], size: 1234, modificationTime: 1_700_000_000_123, dataChange: true,
                stats: stats, tags: tags, deletionVector: dv, baseRowId: dv == nil ? nil : 40, defaultRowCommitVersion: dv == nil ? nil : 2)
    }

    static func inlineDV(_ seed: String, cardinality: Int64) -> DeletionVectorDescriptor {
        DeletionVectorDescriptor(storageType: "i", pathOrInlineDv: "wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L" + seed,
                                 offset: nil, sizeInBytes: 34, cardinality: cardinality)
    }

    /// The derived snapshot against a fresh load of its version, including the parsed schema.
    static func expectDerivedEqualsLoad(_ table: DeltaTable, _ r: CommitResult, _ label: String) throws {
        let derived = try #require(r.snapshot, "\(label): a snapshot was derived")
        let loaded = try table.snapshot(version: r.version)
        #expect(derived.version == r.version)
        IncrementalSnapshotTests.expectSame(derived, loaded, label)
        #expect(derived.schema == loaded.schema, "\(label): schema")
        #expect(derived.files.map(\.key) == loaded.files.map(\.key), "\(label): file keys")
    }

    @Test func derivedSnapshotEqualsAFreshLoadForEveryKindOfAction() throws {
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        // A Parquet table: its first deletion vector makes the commit add a protocol action of its own.
        try table.create(TableDefinition(schema: try Schema(columns: [("id", .int64, false), ("v", .string, true), ("p", .string, true)]),
                                         partitionColumns: ["p"], properties: ["delta.checkpointInterval": "100"], columnarFiles: false))

        // Adds with paths that need escaping, a null partition, tags, and two application transactions.
        var tx = try table.startTransaction()
        let plain = Self.add("p=a/part-0.parquet", part: "a")
        let spaced = Self.add("p=b c/part 1 %41 é.parquet", part: "b c", tags: ["k": "v \"x\""])
        let absolute = Self.add("s3://bucket/tbl/p=x/part%2.parquet", part: nil)
        for f in [plain, spaced, absolute] { tx.add(f) }
        tx.setTransaction(appId: "topic/0", version: 7)
        tx.setTransaction(appId: "topic/1", version: 3)
        let v1 = try tx.commit(operation: "WRITE")
        try Self.expectDerivedEqualsLoad(table, v1, "adds")
        #expect(v1.snapshot?.transactionVersion(appId: "topic/0") == 7)

        // Deletion vectors: the file is removed and added again with one (and the protocol gains the feature),
        // another leaves; a transaction moves on.
        tx = try table.startTransaction()
        let now = Int64(1_700_000_100_000)
        tx.remove(plain.removal(at: now))
        var withDV = plain
        withDV.deletionVector = Self.inlineDV("a", cardinality: 1)
        tx.add(withDV)
        tx.remove(RemoveFile(path: absolute.path, deletionTimestamp: now, dataChange: true))
        tx.setTransaction(appId: "topic/0", version: 8)
        let v2 = try tx.commit(operation: "DELETE")
        try Self.expectDerivedEqualsLoad(table, v2, "deletion vectors")
        #expect(v2.snapshot?.protocolAction.writerFeatures?.contains("deletionVectors") == true)
        #expect(v2.snapshot?.tombstones.count == 2)

        // A new deletion vector replacing the first, and a schema change with new configuration.
        tx = try table.startTransaction()
        tx.remove(withDV.removal(at: now + 1))
        var again = plain
        again.deletionVector = Self.inlineDV("b", cardinality: 2)
        tx.add(again)
        let before = try table.snapshot()
        var m = before.metadata
        let evolved = try SchemaEvolution.reconcile(
            table: before.schema, incoming: try Schema(columns: [("id", .int64, false), ("extra", .float64, true)]),
            partitionColumns: ["p"], allowEvolution: true)
        m.schemaString = evolved.schemaString
        m.configuration["delta.appendOnly"] = "false"
        m.configuration["swiftlake.note"] = "ünïcode \u{1}"
        tx.updateMetadata(m)
        let v3 = try tx.commit(operation: "MERGE")
        try Self.expectDerivedEqualsLoad(table, v3, "metadata")
        #expect(v3.snapshot?.schema.column(named: "extra") != nil)

        // An explicit protocol action and a file with an unusual size and timestamps.
        tx = try table.startTransaction()
        var p = try #require(v3.snapshot?.protocolAction)
        p.writerFeatures = (p.writerFeatures ?? []) + ["appendOnly"]
        tx.updateProtocol(p)
        var big = Self.add("p=z/part-9.parquet", part: "z")
        big.size = Int64(Int32.max) * 4
        big.modificationTime = 0
        big.stats = nil
        tx.add(big)
        let v4 = try tx.commit(operation: "WRITE")
        try Self.expectDerivedEqualsLoad(table, v4, "protocol")
    }

    @Test func derivedSnapshotEqualsAFreshLoadAfterWinnersAndOperations() throws {
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        try table.create(TableDefinition(schema: try Schema(columns: [("id", .int64, false), ("v", .string, true)]),
                                         properties: ["delta.checkpointInterval": "3"]))
        var b = RecordBatchBuilder(schema: try Schema(columns: [("id", .int64, false), ("v", .string, true)]))
        for i in 0..<20 { try b.append(row: [.int64(Int64(i)), .string("v\(i)")]) }
        let rows = try b.finish()
        try table.append([rows])
        // A transaction that loses the race to another commit, then wins on top of it.
        var tx = try table.startTransaction()
        tx.setTransaction(appId: "loser", version: 1)
        try table.append([rows.slice(0..<5)])
        let won = try tx.commit(operation: "WRITE")
        #expect(won.attempts == 2)
        try Self.expectDerivedEqualsLoad(table, won, "after a winner")
        // Upserts and deletes (deletion vectors on columnar files) through the operations.
        var r = try table.upsert([rows.slice(3..<8)], keyColumns: ["id"])
        try Self.expectDerivedEqualsLoad(table, r.commit, "upsert")
        r = try table.delete(keys: rows.slice(10..<12), keyColumns: ["id"])
        try Self.expectDerivedEqualsLoad(table, r.commit, "delete")
    }

    /// `decodesAsItself` is exactly "a reader parses the line back into the same action".
    @Test func decodesAsItselfMatchesTheLogReader() throws {
        var negative = Self.add("p=a/n.parquet", part: "a")
        negative.size = -1
        let badDV = DeletionVectorDescriptor(storageType: "u", pathOrInlineDv: "ab", offset: -4, sizeInBytes: 10, cardinality: 1)
        let actions: [Action] = [
            .add(Self.add("p=a/x.parquet", part: "a")),
            .add(Self.add("p=%25/ü x.parquet", part: "%")),
            .add(Self.add("file:/tmp/x%20y.parquet", part: nil)),
            .add(Self.add("s3://b/x%y.parquet", part: nil)),
            .add(Self.add("we%ird://b/x.parquet", part: nil)),
            .add(Self.add("fi%le:x.parquet", part: nil)), // no scheme: the % is escaped like any other byte
            .add(negative),
            .add(Self.add("p=a/dv.parquet", part: "a", dv: Self.inlineDV("c", cardinality: 3))),
            .add(Self.add("p=a/dv.parquet", part: "a", dv: badDV)),
            .remove(RemoveFile(path: "p=a/x.parquet", deletionTimestamp: nil, dataChange: false, extendedFileMetadata: true,
                               partitionValues: ["p": nil], size: 3, stats: "{}", tags: [:], deletionVector: Self.inlineDV("d", cardinality: 1))),
            .remove(RemoveFile(path: "we%ird://b/x.parquet", deletionTimestamp: 1)),
            .remove(RemoveFile(path: "x.parquet", deletionTimestamp: 1, deletionVector: DeletionVectorDescriptor(
                storageType: "u", pathOrInlineDv: "ab", offset: nil, sizeInBytes: -1, cardinality: 1))),
            .txn(SetTransaction(appId: "a\u{0}b\"c", version: -3, lastUpdated: nil)),
            .metaData(Metadata(id: "id", name: "n", description: "d\n", formatProvider: "parquet", formatOptions: ["a": "b"],
                               schemaString: "{}", partitionColumns: ["p"], configuration: ["k": "\u{7f}"], createdTime: nil)),
            .protocol(ProtocolAction(minReaderVersion: 3, minWriterVersion: 7, readerFeatures: [], writerFeatures: ["x"])),
        ]
        var refused = 0
        for a in actions {
            let parsed = try? Action.decode(Action.encode([a]), path: "test")
            #expect(a.decodesAsItself == (parsed == [a]), "\(a)")
            if !a.decodesAsItself { refused += 1 }
        }
        #expect(refused == 5)
    }
}
