import Testing
import Foundation
@testable import DeltaLog
import Columnar

/// OPTIMIZE's output: bloom filters carried over from the compacted files, and the same files whatever the
/// concurrency.
@Suite struct OptimizeTests {
    typealias Row = MergeFixtures.Row

    /// `files` appends of `rows` rows each, keys `k0`, `k1`, ..., all in partition `p = i % partitions`.
    static func seed(_ table: DeltaTable, columnarFiles: Bool, files: Int, rows: Int, partitions: Int = 1,
                     bloom: Set<String> = ["_id"]) throws -> [String: Row] {
        try MergeFixtures.create(table, columnarFiles: columnarFiles)
        var model: [String: Row] = [:]
        for f in 0..<files {
            let batch = (0..<rows).map { i in
                let n = f * rows + i
                return ("k\(n)", Row(ts: Int64(f), v: Int64(n), del: nil, p: Int32(n % partitions)))
            }
            try table.append([try MergeFixtures.batch(batch)], options: WriteOptions(bloomFilterColumns: bloom))
            for (k, r) in batch { model[k] = r }
        }
        return model
    }

    /// Keys that are not in the table but sort inside its `_id` range, so min/max statistics cannot rule them out.
    static let absent = ["k1x", "k25x", "k5y", "k60x", "k7z"]

    static func filesRead(_ table: DeltaTable, keys: [String]) throws -> Int {
        let batch = try MergeFixtures.batch(keys.map { ($0, Row(ts: 0, v: 0, del: nil, p: 0)) })
        let lookup = try KeyLookup(batch: batch, keyColumns: ["_id"], prefer: nil)
        return try TargetLocator(table: table, snapshot: try table.snapshot(), lookup: lookup).locate(columns: []).filesRead.count
    }

    @Test(arguments: [true, false]) func outputKeepsTheInputsBloomFiltersSoDeletesSkipIt(columnarFiles: Bool) throws {
        let dir = try ScratchDirectory()
        let table = DeltaTable(path: dir.path)
        let model = try Self.seed(table, columnarFiles: columnarFiles, files: 4, rows: 20)
        try table.optimize()
        let s = try table.snapshot()
        #expect(s.files.count == 1)
        let file = try #require(s.files.first)
        let format = try DataFormats.format(for: s.protocolAction, metadata: s.metadata)
        let reader = try format.open(try StorageSource(storage: table.storage, path: file.path, size: Int(file.size)))
        let physical = try #require(s.schema.column(named: "_id")).physicalName
        #expect(reader.bloomFilterColumns == [physical])
        #expect(try MergeFixtures.contents(table).rows == model)

        // The compacted file's statistics span every absent key; its bloom filter rules them all out.
        #expect(try Self.filesRead(table, keys: Self.absent) == 0)
        #expect(try Self.filesRead(table, keys: ["k33"]) == 1)
        let r = try table.delete(keys: try MergeFixtures.batch(Self.absent.map { ($0, Row(ts: 0, v: 0, del: nil, p: 0)) }), keyColumns: ["_id"])
        #expect(r.rowsDeleted == 0)
        #expect(try table.snapshot().files == s.files)

        // Without bloom filters the same keys make the file a candidate that has to be read.
        let bare = try ScratchDirectory()
        let plain = DeltaTable(path: bare.path)
        _ = try Self.seed(plain, columnarFiles: columnarFiles, files: 4, rows: 20)
        try plain.optimize(OptimizeOptions(bloomFilterColumns: []))
        #expect(try Self.filesRead(plain, keys: Self.absent) == 1)
    }

    @Test func inputsWithoutBloomFiltersGiveOutputWithoutThem() throws {
        let dir = try ScratchDirectory()
        let table = DeltaTable(path: dir.path)
        _ = try Self.seed(table, columnarFiles: true, files: 3, rows: 10, bloom: [])
        try table.optimize()
        let s = try table.snapshot()
        let file = try #require(s.files.first)
        let reader = try DataFormats.format(for: s.protocolAction, metadata: s.metadata)
            .open(try StorageSource(storage: table.storage, path: file.path, size: Int(file.size)))
        #expect(reader.bloomFilterColumns.isEmpty)
        // Named explicitly, they are written.
        try table.append([try MergeFixtures.batch([("z", Row(ts: 1, v: 1, del: nil, p: 0))])])
        try table.optimize(OptimizeOptions(bloomFilterColumns: ["v"]))
        let t = try table.snapshot()
        let out = try #require(t.files.first)
        let r2 = try DataFormats.format(for: t.protocolAction, metadata: t.metadata)
            .open(try StorageSource(storage: table.storage, path: out.path, size: Int(out.size)))
        #expect(r2.bloomFilterColumns == [try #require(t.schema.column(named: "v")).physicalName])
    }

    /// Per partition, the rows of each output file in file order (files ordered by their first key), so two
    /// tables compare by layout, not by file names.
    static func layout(_ table: DeltaTable) throws -> [Int32: [[String]]] {
        var byFile: [String: (p: Int32, keys: [String])] = [:]
        try table.scan(try table.snapshot(), columns: ["_id", "p"]).forEach { b in
            for r in 0..<b.batch.rowCount {
                guard case let .string(k) = b.batch.column(named: "_id")?.value(at: r) ?? .null,
                      case let .int32(p) = b.batch.column(named: "p")?.value(at: r) ?? .null else { continue }
                byFile[b.file.path, default: (p, [])].keys.append(k)
            }
        }
        var out: [Int32: [[String]]] = [:]
        for (_, f) in byFile { out[f.p, default: []].append(f.keys) }
        return out.mapValues { $0.sorted { ($0.first ?? "") < ($1.first ?? "") } }
    }

    @Test(arguments: [true, false]) func concurrentOptimizeWritesWhatASequentialOneWrites(columnarFiles: Bool) throws {
        // Four partitions (four bins compacted at once), then one partition (one bin read by several threads).
        for partitions in [4, 1] {
            let dir = try ScratchDirectory()
            let table = DeltaTable(path: dir.path)
            var model = try Self.seed(table, columnarFiles: columnarFiles, files: 24, rows: 12, partitions: partitions)
            let gone = (0..<40).map { "k\($0 * 7)" }
            try table.delete(keys: try MergeFixtures.batch(gone.map { ($0, Row(ts: 0, v: 0, del: nil, p: 0)) }), keyColumns: ["_id"])
            for k in gone { model[k] = nil }
            let one = try ScratchDirectory(), other = try ScratchDirectory()
            // A checkpoint still being written in the background would be a temporary file vanishing mid-copy.
            DeltaTable.waitForBackgroundCheckpoints()
            for c in [one.path, other.path] {
                try FileManager.default.removeItem(atPath: c)
                try FileManager.default.copyItem(atPath: dir.path, toPath: c)
            }
            final class Seen: @unchecked Sendable {
                let lock = NSLock()
                var last: OptimizeProgress?
                func note(_ p: OptimizeProgress) { lock.withLock { last = p } }
            }
            let seen = Seen()
            let sequential = try DeltaTable(path: one.path).optimize(OptimizeOptions(concurrency: 1))
            let concurrent = try DeltaTable(path: other.path).optimize(OptimizeOptions(progress: { seen.note($0) }, concurrency: 3))
            #expect(sequential.progress == concurrent.progress)
            #expect(seen.last == concurrent.progress)
            #expect(concurrent.progress.binsTotal == partitions)
            #expect(concurrent.progress.filesRemoved == 24 * min(partitions, 12))
            let a = try Self.layout(DeltaTable(path: one.path))
            let b = try Self.layout(DeltaTable(path: other.path))
            #expect(a == b)
            #expect(a.values.allSatisfy { $0.count == 1 })
            #expect(try MergeFixtures.contents(DeltaTable(path: other.path)).rows == model)
            #expect(try MergeFixtures.contents(DeltaTable(path: one.path)).rows == model)
        }
    }
}
