import Testing
import Foundation
@testable import DeltaLog
import Columnar

/// How MERGE and DELETE find target rows: the first read of a file only probes its keys, the second builds the
/// cached key index, later ones use the index — all three must find exactly the same rows.
@Suite struct TargetLocatorTests {
    typealias Row = MergeFixtures.Row

    /// One match as plain values: file, position, the key it matched and the requested columns of the row.
    struct Found: Hashable {
        let path: String
        let position: Int64
        let key: String
        let ts: Value
        let v: Value
    }

    static func found(_ locator: TargetLocator, _ lookup: KeyLookup) throws -> [Found] {
        let r = try locator.locate(columns: ["ts", "v"])
        return r.matches.map { m in
            let b = r.batches[m.batch]
            let key = lookup.values[m.key].first?.description ?? ""
            return Found(path: m.file.path, position: m.position, key: key,
                         ts: b.column(named: "ts")?.value(at: m.row) ?? .null, v: b.column(named: "v")?.value(at: m.row) ?? .null)
        }.sorted { ($0.path, $0.position) < ($1.path, $1.position) }
    }

    @Test(arguments: [true, false]) func probeIndexBuildAndCachedIndexFindTheSameRows(columnarFiles: Bool) throws {
        let dir = try ScratchDirectory()
        let table = DeltaTable(path: dir.path)
        try MergeFixtures.create(table, columnarFiles: columnarFiles)
        var model: [String: Row] = [:]
        for f in 0..<3 {
            let rows = (0..<40).map { i in ("k\(f * 40 + i)", Row(ts: Int64(f), v: Int64(f * 40 + i), del: nil, p: 0)) }
            try table.append([try MergeFixtures.batch(rows)], options: WriteOptions(bloomFilterColumns: ["_id"]))
            for (k, r) in rows { model[k] = r }
        }
        // Deletion vectors on two files: deleted rows must never be found.
        let gone = ["k3", "k41", "k42", "k99"]
        try table.delete(keys: try MergeFixtures.batch(gone.map { ($0, Row(ts: 0, v: 0, del: nil, p: 0)) }), keyColumns: ["_id"])
        for k in gone { model[k] = nil }

        let probe = ["k0", "k3", "k39", "k40", "k41", "k77", "k80", "k119", "absent", "k5x"]
        var rows = probe.map { ($0, Row(ts: 9, v: 9, del: nil, p: 0)) }
        rows.append(("k1", Row(ts: 9, v: 9, del: nil, p: 0)))
        let source = try MergeFixtures.batch(rows)
        let lookup = try KeyLookup(batch: source, keyColumns: ["_id"], prefer: nil)
        let snapshot = try table.snapshot()
        var expected: [String: Row] = [:]
        for k in probe + ["k1"] { if let r = model[k] { expected[k] = r } }

        var runs: [[Found]] = []
        for _ in 0..<3 {
            let found = try Self.found(TargetLocator(table: table, snapshot: snapshot, lookup: lookup), lookup)
            runs.append(found)
        }
        #expect(runs[0] == runs[1])
        #expect(runs[1] == runs[2])
        let byKey = Dictionary(grouping: runs[0], by: \.key)
        #expect(Set(byKey.keys) == Set(expected.keys.map { Value.string($0).description }))
        for (k, r) in expected {
            let hits = byKey[Value.string(k).description] ?? []
            #expect(hits.count == 1)
            #expect(hits.first?.v == .int64(r.v))
            #expect(hits.first?.ts == .int64(r.ts))
        }
        // The index is cached now and holds every row of its file: a row deleted afterwards is left out by the
        // file's current deletion vector.
        try table.delete(keys: try MergeFixtures.batch([("k77", Row(ts: 0, v: 0, del: nil, p: 0))]), keyColumns: ["_id"])
        let after = try Self.found(TargetLocator(table: table, snapshot: try table.snapshot(), lookup: lookup), lookup)
        #expect(Set(after.map(\.key)) == Set(byKey.keys).subtracting([Value.string("k77").description]))
    }

    /// A file's statistics select the lookup's keys within its min/max (binary search over the sorted keys): the
    /// same keys as comparing every key with the bounds, for files below, above, around and between the keys.
    @Test func statisticsSelectExactlyTheKeysWithinEachFilesBounds() throws {
        let dir = try ScratchDirectory()
        let table = DeltaTable(path: dir.path)
        try MergeFixtures.create(table)
        // Zero-padded ids compare as their numbers; files hold ranges of them, one file one id, one file all ids.
        let ranges: [ClosedRange<Int>] = [0...0, 5...9, 10...40, 41...41, 120...130, 200...250, 0...250, 37...38]
        for r in ranges {
            let rows = r.map { (String(format: "k%04d", $0), MergeFixtures.Row(ts: 1, v: Int64($0), del: nil, p: 0)) }
            try table.append([try MergeFixtures.batch(rows)])
        }
        let keys = [3, 0, 41, 9, 10, 125, 300, 38, 37, 11, 199, 250, 251, 7, 100].map { String(format: "k%04d", $0) }
        let source = try MergeFixtures.batch(keys.map { ($0, MergeFixtures.Row(ts: 2, v: 0, del: nil, p: 0)) })
        let lookup = try KeyLookup(batch: source, keyColumns: ["_id"], prefer: nil)
        let snapshot = try table.snapshot()
        let locator = TargetLocator(table: table, snapshot: snapshot, lookup: lookup)
        #expect(snapshot.fileCount == ranges.count)
        for file in snapshot.files {
            let read = try TableScan(table: table, snapshot: snapshot, columns: ["_id"], filter: nil, only: [file]).collect()
            let column = try #require(read.column(named: "_id"))
            let ids = (0..<read.rowCount).compactMap { r -> String? in
                if case .string(let s) = column.value(at: r) { return s } else { return nil }
            }
            let lo = try #require(ids.min()), hi = try #require(ids.max())
            let expected = lookup.values.indices.filter { i in
                guard case .string(let k) = lookup.values[i][0] else { return false }
                return k >= lo && k <= hi
            }
            #expect(locator.candidateKeys(file, useFileFilters: false) == expected, "file \(lo)...\(hi)")
        }
    }

    @Test func keysOfSeveralColumnsAndNullKeysMatchExactly() throws {
        let dir = try ScratchDirectory()
        let table = DeltaTable(path: dir.path)
        let schema = try Schema(columns: [("a", .string, true), ("b", .int64, true), ("v", .int64, true)])
        try table.create(TableDefinition(schema: schema))
        func batch(_ rows: [(String?, Int64?, Int64)]) throws -> RecordBatch {
            var b = RecordBatchBuilder(schema: schema)
            for (a, k, v) in rows { try b.append(row: [a.map(Value.string) ?? .null, k.map(Value.int64) ?? .null, .int64(v)]) }
            return try b.finish()
        }
        try table.append([try batch([("x", 1, 10), ("x", 2, 20), ("xy", 1, 30), (nil, 1, 40), ("y", nil, 50)])])
        let keys = try batch([("x", 2, 0), ("xy", 1, 0), ("x", 3, 0), (nil, 1, 0), ("y", nil, 0)])
        let lookup = try KeyLookup(batch: keys, keyColumns: ["a", "b"], prefer: nil)
        #expect(lookup.nullKeyRows == [3, 4])
        let snapshot = try table.snapshot()
        for _ in 0..<3 {
            let r = try TargetLocator(table: table, snapshot: snapshot, lookup: lookup).locate(columns: ["v"])
            let v = r.matches.map { m in r.batches[m.batch].column(named: "v")?.value(at: m.row) ?? .null }
            #expect(Set(r.matches.map(\.position)) == [1, 2])
            #expect(Set(v) == [.int64(20), .int64(30)])
        }
    }

    @Test func smallFilesReadWholeStillReportATruncatedFile() throws {
        let dir = try ScratchDirectory()
        let storage = LocalStorage(root: dir.path)
        try storage.write("f.bin", Array(0..<100))
        let exact = try StorageSource(storage: storage, path: "f.bin", size: 100)
        #expect(exact.contents != nil)
        #expect(try exact.read(at: 90, count: 10) == Array(90..<100))
        // The log says 120 bytes: reading past the real end is an error, not a crash.
        let longer = try StorageSource(storage: storage, path: "f.bin", size: 120)
        #expect(try longer.read(at: 0, count: 4) == [0, 1, 2, 3])
        #expect(throws: ColumnarError.self) { try longer.read(at: 95, count: 10) }
        #expect(throws: ColumnarError.self) { try exact.read(at: 95, count: 10) }
    }
}
