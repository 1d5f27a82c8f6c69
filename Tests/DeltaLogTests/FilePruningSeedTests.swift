import Testing
import TestSupport
import Foundation
@testable import DeltaLog
import Columnar

/// Files a process writes are described to its key probes from memory (``FilePruningSeed``): the cached bounds and
/// key filter of each must be exactly what parsing the file's statistics and opening the file give.
@Suite struct FilePruningSeedTests {
    static let schema = try! Schema(columns: [
        ("_id", .string, true), ("n", .int64, true), ("t", .timestamp, true), ("f", .float64, true), ("d", .date, true),
        ("s", .string, true), ("p", .string, true),
    ])
    static let keyed = ["_id", "n", "t", "f", "d", "s"]

    /// Rows of every awkward kind of bound: long strings (no bounds), -0.0 and huge floats, microsecond and
    /// millisecond timestamps, an all-null key column in one partition, one-row partitions.
    static func batch(_ ids: Range<Int>, round: Int) throws -> RecordBatch {
        var b = RecordBatchBuilder(schema: schema)
        for i in ids {
            let part = i % 7 == 0 ? "solo\(i)" : "p\(i % 3)"
            let floats: [Double] = [-0.0, 0.1, 1e300, -2.5e-300, 3, .infinity]
            let long = String(repeating: "x", count: 60 + i % 10) + "é\(i)"
            try b.append(row: [
                .string(i % 5 == 0 ? String(repeating: "k", count: 70) + "\(i)" : "k\(i)"),
                part == "p2" ? .null : .int64(Int64(i * 1_000 + round)),
                .timestamp(1_700_000_000_000_000 + Int64(i) * (i % 2 == 0 ? 1_000 : 1_234_567)),
                .float64(floats[i % floats.count] * Double(i % 4 == 0 ? 1 : i)),
                .date(Int32(19_000 + i)),
                .string(long),
                .string(part),
            ])
        }
        return try b.finish()
    }

    /// What a key probe of `keyColumns` would build for `file` with nothing cached: its statistics parsed, and its
    /// key filter read from the stored file when the probe would need it.
    static func cold(_ table: DeltaTable, _ snapshot: Snapshot, _ file: AddFile, _ keyColumns: [String]) throws -> FilePruning {
        let partitions = Set(snapshot.partitionColumns)
        var entry = FilePruning(file, keyColumns: keyColumns, schema: snapshot.schema, partitions: partitions)
        let j = keyColumns.firstIndex { !partitions.contains($0) }
        if entry.needsFilter(column: j), let j, let c = snapshot.schema.column(named: keyColumns[j]) {
            let format = try DataFormats.format(for: snapshot.protocolAction, metadata: snapshot.metadata)
            let reader = try format.open(try StorageSource(storage: table.storage, path: file.path, size: Int(file.size)))
            entry.filter = FilePruning.keyFilter(reader, column: c, schema: snapshot.schema).map { ($0, j) }
            entry.filterLoaded = true
        }
        return entry
    }

    /// Values to probe a filter of column `name` with: every value the table holds there, and as many it does not.
    static func probes(_ name: String, _ held: [Value]) -> [Value] {
        let absent: [Value] = (0..<600).map { i in
            switch name {
            case "n": return .int64(Int64(i * 997 + 13))
            case "t": return .timestamp(1_700_000_000_000_000 + Int64(i) * 77_777)
            case "f": return .float64(Double(i) * 0.37 - 50)
            case "d": return .date(Int32(18_990 + i % 200))
            default: return .string("k\(i)x")
            }
        }
        return held + absent
    }

    @Test(arguments: [true, false]) func seededEntriesEqualParsedStatisticsAndStoredFilters(columnarFiles: Bool) throws {
        let dir = try ScratchDirectory()
        let table = DeltaTable(path: dir.path)
        try table.create(TableDefinition(schema: Self.schema, partitionColumns: ["p"], columnarFiles: columnarFiles))
        // An append with bloom filters on every key-like column, a MERGE keyed by partition and id, and a compaction.
        try table.append([try Self.batch(0..<40, round: 0)], options: WriteOptions(bloomFilterColumns: Set(Self.keyed)))
        var spec = MergeSpec.upsert(keyColumns: ["p", "_id"], writeOptions: WriteOptions(bloomFilterColumns: ["_id"]))
        spec.maxConflictRetries = 0
        let merged = try table.merge([try Self.batch(30..<55, round: 1)], spec)
        // The MERGE probed the files before it for its keys, caching what it parsed: only its own files are seeded
        // for them.
        let mergeFiles = Set(try CommitRecord.read(table.storage, version: merged.commit.version).actions.compactMap { a -> String? in
            if case let .add(f) = a { return f.path } else { return nil }
        })
        try table.optimize(OptimizeOptions(partitions: .eq("p", .string("p1"))))
        try table.append([try Self.batch(60..<61, round: 2)], options: WriteOptions(bloomFilterColumns: ["_id"]))

        let snapshot = try table.snapshot()
        let all = try table.scan().collect()
        let cache = FilePruningCache.shared
        var compared = 0, filters = 0, ruledOut = 0
        for keyColumns in Self.keyed.map({ [$0] }) + [["p", "_id"]] {
            let number = cache.number(FilePruning.signature(location: table.location, keyColumns: keyColumns, schema: snapshot.schema))
            let probed = keyColumns.last ?? "_id"
            let column = try #require(all.column(named: probed))
            let values = Self.probes(probed, (0..<all.rowCount).map { column.value(at: $0) })
            for file in snapshot.files where keyColumns.count == 1 || mergeFiles.contains(file.path) {
                guard let seeded = cache.get(FilePruningCache.Key(signature: number, path: file.path)) else {
                    // Every file this process wrote is seeded for `_id`, the one column all its writes filter.
                    #expect(keyColumns != ["_id"], "\(file.path) not seeded for _id")
                    continue
                }
                let cold = try Self.cold(table, snapshot, file, keyColumns)
                let label = "\(keyColumns) \(file.path)"
                compared += 1
                #expect(seeded.rows == cold.rows, "\(label): rows")
                #expect(seeded.holdsNoKey == cold.holdsNoKey, "\(label): holdsNoKey")
                #expect(seeded.bounds.map(\.lo) == cold.bounds.map(\.lo), "\(label): lower bounds")
                #expect(seeded.bounds.map(\.hi) == cold.bounds.map(\.hi), "\(label): upper bounds")
                #expect(seeded.filterLoaded == cold.filterLoaded, "\(label): filter loaded")
                #expect(seeded.filter?.column == cold.filter?.column, "\(label): filter column")
                guard let a = seeded.filter?.filter, let b = cold.filter?.filter else {
                    #expect(seeded.filter == nil && cold.filter == nil, "\(label): a filter on one side only")
                    continue
                }
                filters += 1
                #expect(a.hasBloomFilters == b.hasBloomFilters, "\(label): bloom filters")
                #expect(a.type == b.type && a.column == b.column, "\(label): filtered column")
                let answers = values.map(a.mightContain), expected = values.map(b.mightContain)
                #expect(answers == expected, "\(label): probe answers differ")
                ruledOut += expected.filter { !$0 }.count
            }
        }
        #expect(compared > 40)
        #expect(filters > 10)
        #expect(ruledOut > 1_000, "the filters rule values out, so unequal filters would answer differently")
    }

    /// A seeded file is probed without being opened: with its stored file gone, its bloom filter still rules out a
    /// key within its bounds.
    @Test func probingASeededFileNeverOpensIt() throws {
        let dir = try ScratchDirectory()
        let table = DeltaTable(path: dir.path)
        try MergeFixtures.create(table)
        let ids = (0..<50).map { String(format: "id%03d", $0 * 2) }
        try table.upsert([try MergeFixtures.batch(ids.map { ($0, MergeFixtures.Row(ts: 1, v: 1, del: nil, p: 0)) })],
                         keyColumns: ["_id"], options: WriteOptions(bloomFilterColumns: ["_id"]))
        let snapshot = try table.snapshot()
        let file = try #require(snapshot.files.first)
        // Odd ids lie within the file's bounds and are not in it: its bloom filter rules out (nearly) all of them.
        let odd = (0..<49).map { String(format: "id%03d", $0 * 2 + 1) }
        let lookup = try KeyLookup(batch: try MergeFixtures.batch(odd.map { ($0, MergeFixtures.Row(ts: 1, v: 1, del: nil, p: 0)) }),
                                   keyColumns: ["_id"], prefer: nil)
        let storedFilter = try #require(try Self.cold(table, snapshot, file, ["_id"]).filter?.filter)
        let expected = lookup.values.indices.filter { storedFilter.mightContain(lookup.values[$0][0]) }
        #expect(expected.count < 10)
        try FileManager.default.removeItem(atPath: dir.path + "/" + file.path)
        let locator = TargetLocator(table: table, snapshot: snapshot, lookup: lookup)
        #expect(locator.candidateKeys(file, useFileFilters: true) == expected)
    }

    /// Forgetting drops exactly the named files' entries of the named table, under every key-column signature, and
    /// gives their bytes back to the budget.
    @Test func forgetDropsTheRemovedFilesOfOneTable() throws {
        let cache = FilePruningCache(budget: 1 << 20)
        let dir = try ScratchDirectory()
        let table = DeltaTable(path: dir.path)
        try table.create(TableDefinition(schema: Self.schema, partitionColumns: ["p"]))
        let schema = try table.snapshot().schema
        let byID = cache.number(FilePruning.signature(location: "/lake/a", keyColumns: ["_id"], schema: schema))
        let byPartID = cache.number(FilePruning.signature(location: "/lake/a", keyColumns: ["p", "_id"], schema: schema))
        let other = cache.number(FilePruning.signature(location: "/lake/b", keyColumns: ["_id"], schema: schema))
        let entry = FilePruning(rows: 1, keyColumns: ["_id"], schema: schema, partitions: ["p"]) { _ in
            ColumnStatistics(valueCount: 1, nullCount: 0, min: .string("k1"), max: .string("k1"))
        }
        for n in [byID, byPartID, other] {
            for f in ["f1", "f2", "f3"] { cache.put(FilePruningCache.Key(signature: n, path: f), entry) }
        }
        let full = cache.usage
        #expect(full.entries == 9)
        cache.forget(location: "/lake/a", paths: ["f1", "f3", "never-cached"])
        for n in [byID, byPartID] {
            #expect(cache.get(FilePruningCache.Key(signature: n, path: "f1")) == nil)
            #expect(cache.get(FilePruningCache.Key(signature: n, path: "f3")) == nil)
            #expect(cache.get(FilePruningCache.Key(signature: n, path: "f2"))?.bounds.first?.lo == .string("k1"))
        }
        // Another table's files of the same names stay.
        #expect(["f1", "f2", "f3"].allSatisfy { cache.get(FilePruningCache.Key(signature: other, path: $0)) != nil })
        #expect(cache.usage.entries == 5)
        #expect(cache.usage.bytes * 9 == full.bytes * 5)
        cache.forget(location: "/lake/unknown", paths: ["f2"])
        #expect(cache.usage.entries == 5)
    }

    /// Past its budget the cache starts over empty, the entry that overflowed it included, and later entries are
    /// counted and forgotten as before.
    @Test func overflowEmptiesTheCache() throws {
        let dir = try ScratchDirectory()
        let table = DeltaTable(path: dir.path)
        try table.create(TableDefinition(schema: Self.schema, partitionColumns: ["p"]))
        let schema = try table.snapshot().schema
        let entry = FilePruning(rows: 1, keyColumns: ["_id"], schema: schema, partitions: ["p"]) { _ in
            ColumnStatistics(valueCount: 1, nullCount: 0, min: .string("k1"), max: .string("k1"))
        }
        let probe = FilePruningCache(budget: 1 << 20)
        let n0 = probe.number(FilePruning.signature(location: "/lake/a", keyColumns: ["_id"], schema: schema))
        probe.put(FilePruningCache.Key(signature: n0, path: "f0"), entry)
        let each = probe.usage.bytes
        // Room for four entries (an entry may take at most a quarter of the budget); the fifth overflows it.
        let cache = FilePruningCache(budget: each * 4 + each / 2)
        let n = cache.number(FilePruning.signature(location: "/lake/a", keyColumns: ["_id"], schema: schema))
        for f in ["f1", "f2", "f3", "f4"] { cache.put(FilePruningCache.Key(signature: n, path: f), entry) }
        #expect(cache.usage.entries == 4 && cache.usage.bytes == each * 4)
        cache.put(FilePruningCache.Key(signature: n, path: "f0"), entry)
        #expect(cache.usage.entries == 0 && cache.usage.bytes == 0)
        let m = cache.number(FilePruning.signature(location: "/lake/a", keyColumns: ["_id"], schema: schema))
        #expect(m != n, "numbers are never given out twice")
        cache.put(FilePruningCache.Key(signature: m, path: "f5"), entry)
        #expect(cache.usage.entries == 1)
        cache.forget(location: "/lake/a", paths: ["f5"])
        #expect(cache.usage.entries == 0 && cache.usage.bytes == 0)
    }

    /// After OPTIMIZE, the compacted files' entries are gone from the process's cache, the new files are seeded, and
    /// MERGEs probing the table still find exactly the keys it holds.
    @Test func optimizeDropsTheEntriesOfTheFilesItReplaced() throws {
        let dir = try ScratchDirectory()
        let table = DeltaTable(path: dir.path)
        try MergeFixtures.create(table)
        let options = WriteOptions(bloomFilterColumns: ["_id"])
        var model: [String: MergeFixtures.Row] = [:]
        for round in 0..<6 {
            let rows = (0..<8).map { i in ("k\(round * 5 + i)", MergeFixtures.Row(ts: Int64(round + 1), v: Int64(round * 100 + i), del: nil, p: 0)) }
            for (id, r) in rows { model[id] = r }
            try table.upsert([try MergeFixtures.batch(rows)], keyColumns: ["_id"], options: options)
        }
        let before = try table.snapshot()
        #expect(before.files.count > 1)
        let cache = FilePruningCache.shared
        let number = cache.number(FilePruning.signature(location: table.location, keyColumns: ["_id"], schema: before.schema))
        #expect(before.files.allSatisfy { cache.get(FilePruningCache.Key(signature: number, path: $0.path)) != nil })
        try table.optimize(OptimizeOptions(bloomFilterColumns: ["_id"]))
        let after = try table.snapshot()
        let replaced = Set(before.files.map(\.path)).subtracting(after.files.map(\.path))
        #expect(!replaced.isEmpty)
        #expect(replaced.allSatisfy { cache.get(FilePruningCache.Key(signature: number, path: $0)) == nil })
        #expect(after.files.allSatisfy { cache.get(FilePruningCache.Key(signature: number, path: $0.path)) != nil })
        // Upserts of present and absent keys after the eviction: the table holds the newest copy of each, once.
        let rows = (0..<10).map { i in ("k\(i * 4)", MergeFixtures.Row(ts: 99, v: Int64(-i), del: nil, p: 0)) }
        for (id, r) in rows { model[id] = r }
        try table.upsert([try MergeFixtures.batch(rows)], keyColumns: ["_id"], options: options)
        let contents = try MergeFixtures.contents(table)
        #expect(contents.duplicates.isEmpty)
        #expect(contents.rows == model)
    }
}
