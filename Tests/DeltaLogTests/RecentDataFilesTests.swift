import Testing
import Foundation
@testable import DeltaLog
import Columnar

/// `RecentDataFiles`: what it keeps is exactly what the files hold, operations' own reads take it, a user's scan
/// never does, and it stays within its budget.
@Suite struct RecentDataFilesTests {
    typealias Row = MergeFixtures.Row

    /// A table of every column type, partitioned by `p`, with nulls in each nullable column. Its storage keeps
    /// recent rows in a cache of its own, so that no other test running meanwhile can evict what these check.
    static func typedTable(_ dir: borrowing ScratchDirectory) throws -> DeltaTable {
        let table = DeltaTable(storage: LocalStorage(root: dir.path, recentFiles: RecentDataFiles(budget: 16 << 20)),
                               location: dir.path)
        let schema = try Schema(columns: [
            ("_id", .string, false), ("b", .boolean, true), ("i", .int32, true), ("l", .int64, true), ("f", .float32, true),
            ("d", .float64, true), ("s", .string, true), ("bin", .binary, true), ("day", .date, true), ("ts", .timestamp, true),
            ("j", .json, true), ("p", .int32, true),
        ])
        try table.create(TableDefinition(schema: schema, partitionColumns: ["p"], columnarFiles: true))
        var b = RecordBatchBuilder(schema: schema)
        for r in 0..<40 {
            let null = r % 7 == 3
            try b.append(row: [
                .string("id-\(r)"), null ? .null : .boolean(r % 2 == 0), null ? .null : .int32(Int32(r) - 20),
                null ? .null : .int64(Int64(r) << 40), null ? .null : .float32(Float(r) / 3), null ? .null : .float64(Double(r) * -1.5),
                null ? .null : .string(String(repeating: "x y ", count: r % 5)), null ? .null : .binary([UInt8(r), 0, 255]),
                null ? .null : .date(Int32(19_000 + r)), null ? .null : .timestamp(1_700_000_000_000_000 + Int64(r)),
                null ? .null : .string("{\"n\":\(r)}"), .int32(Int32(r % 5)),
            ])
        }
        try table.append([try b.finish()])
        return table
    }

    /// The cache `table`'s storage keeps recent rows in.
    static func kept(_ table: DeltaTable) throws -> RecentDataFiles {
        try #require(table.storage.recentFileCache)
    }

    /// Every column of `file` as stored on disk.
    static func onDisk(_ table: DeltaTable, _ s: Snapshot, _ file: AddFile, where predicate: Columnar.Predicate? = nil) throws -> (batch: RecordBatch, rowPositions: [Int64]) {
        let format = try DataFormats.format(for: s.protocolAction, metadata: s.metadata)
        let reader = try format.open(try StorageSource(storage: table.storage, path: file.path, size: Int(file.size)))
        var scanner = try reader.scan(columns: reader.schema.fields.map(\.name), where: predicate)
        var parts: [RecordBatch] = []
        var positions: [Int64] = []
        while let b = try scanner.next() {
            parts.append(b.batch)
            positions += b.rowPositions
        }
        return (try RecordBatch.concatenate(parts, schema: reader.schema), positions)
    }

    @Test func keptRowsAreExactlyWhatEachFileStores() throws {
        let dir = try ScratchDirectory()
        let table = try Self.typedTable(dir)
        let s = try table.snapshot()
        #expect(s.files.count == 5)
        for f in s.files {
            let key = try #require(table.storage.recentFileKey(f.path))
            let kept = try #require(Self.kept(table).rows(key, size: f.size))
            #expect(kept == (try Self.onDisk(table, s, f).batch))
            // Another size is another file.
            #expect(try Self.kept(table).rows(key, size: f.size + 1) == nil)
        }
    }

    @Test func scanningKeptRowsFiltersAsTheFileScannerDoes() throws {
        let dir = try ScratchDirectory()
        let table = try Self.typedTable(dir)
        let s = try table.snapshot()
        let predicates: [Columnar.Predicate] = [
            .ge("i", .int32(-3)), .isNull("b"), .and(.eq("b", .boolean(true)), .lt("l", .int64(20 << 40))),
            .or(.eq("s", .string("x y ")), .isNotNull("j")), .not(.eq("_id", .string("id-5"))),
        ]
        for f in s.files {
            let key = try #require(table.storage.recentFileKey(f.path))
            let kept = try #require(Self.kept(table).rows(key, size: f.size))
            let names = kept.schema.fields.map(\.name)
            // The files store columns under physical names: translate the predicates' logical names.
            func physical(_ p: Columnar.Predicate) throws -> Columnar.Predicate {
                var renames: [String: String] = [:]
                for c in p.columns {
                    let column = try #require(s.schema.column(named: c))
                    renames[c] = column.physicalName
                }
                return PredicateParts.rename(p, renames)
            }
            for p in predicates {
                let q = try physical(p)
                var scanner = try RecentFileScanner(rows: kept, columns: names, where: q)
                let next = try scanner.next()
                let got = try #require(next)
                #expect(try scanner.next() == nil)
                let expected = try Self.onDisk(table, s, f, where: q)
                #expect(got.batch == expected.batch, "\(p) in \(f.path)")
                #expect(got.rowPositions == expected.rowPositions, "\(p) in \(f.path)")
            }
        }
    }

    /// Damaged files on disk: OPTIMIZE (an operation reading files it chose) compacts them from the kept rows, while
    /// a user's scan of the same files reads them and reports the damage.
    @Test func operationsReadKeptRowsUserScansReadTheFiles() throws {
        let dir = try ScratchDirectory()
        let table = DeltaTable(path: dir.path)
        let model = try OptimizeTests.seed(table, columnarFiles: true, files: 4, rows: 5)
        let before = try table.snapshot()
        for f in before.files {
            let path = try #require(table.storage.localPath(f.path))
            var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            for i in stride(from: 8, to: bytes.count - 8, by: 16) { bytes[i] ^= 0x5A }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        #expect(throws: DeltaLogError.self) { _ = try table.scan().collect() }
        // Bloom filter columns named, as the ingest does: otherwise OPTIMIZE opens each file to learn them.
        let r = try table.optimize(OptimizeOptions(bloomFilterColumns: ["_id"]))
        #expect(r.progress.filesRemoved == before.files.count)
        #expect(try MergeFixtures.contents(table).rows == model)
    }

    @Test func keepsTheNewestFilesWithinItsBudget() throws {
        let batch = try MergeFixtures.batch((0..<10).map { ("k\($0)", Row(ts: 1, v: Int64($0), del: nil, p: 0)) })
        let cost = RecentDataFiles.footprint(batch, key: "f10")
        // Room for 20 entries; each well under the largest entry kept (a sixteenth of the budget).
        let cache = RecentDataFiles(budget: cost * 20 + cost / 2)
        for i in 0..<40 { cache.put("f\(i + 10)", size: 100, rows: batch) }
        #expect((0..<20).allSatisfy { cache.rows("f\($0 + 10)", size: 100) == nil })
        #expect((20..<40).allSatisfy { cache.rows("f\($0 + 10)", size: 100) == batch })
        // A batch past the row limit, or larger than a sixteenth of the budget, is not kept (nor copied for it).
        let big = try MergeFixtures.batch((0..<(RecentDataFiles.maxRows + 1)).map { ("k\($0)", Row(ts: 1, v: 0, del: nil, p: 0)) })
        let roomy = RecentDataFiles(budget: 1 << 30)
        #expect(!roomy.mayKeep(big))
        roomy.put("big", size: 1, rows: big)
        #expect(roomy.rows("big", size: 1) == nil)
        let tight = RecentDataFiles(budget: cost * 15)
        #expect(!tight.mayKeep(batch))
        tight.put("small", size: 1, rows: batch)
        #expect(tight.rows("small", size: 1) == nil)
        let enough = RecentDataFiles(budget: max(cost, RecentDataFiles.estimate(batch)) * 16)
        #expect(enough.mayKeep(batch))
        enough.put("small", size: 1, rows: batch)
        #expect(enough.rows("small", size: 1) == batch)
    }

    /// A process that compacts what it writes keeps the cache under budget by forgetting, never by evicting: the
    /// bookkeeping of the forgotten files does not pile up, and eviction still takes the oldest live entries first.
    @Test func forgettingKeepsTheBookkeepingProportional() throws {
        let batch = try MergeFixtures.batch([("k", Row(ts: 1, v: 1, del: nil, p: 0))])
        let cost = RecentDataFiles.footprint(batch, key: "f-00000")
        let cache = RecentDataFiles(budget: cost * 40)
        for round in 0..<500 {
            let keys = (0..<20).map { "f-\(round)-\($0)" }
            for k in keys { cache.put(k, size: 1, rows: batch) }
            cache.forget(Array(keys.dropFirst()))
        }
        #expect(cache.orderedKeyCount <= 2 * 40 + 1_024 + 20)
        // The survivors, one per round: the budget keeps the newest that fit beside a round of 20 new entries.
        let kept = (0..<500).filter { cache.rows("f-\($0)-0", size: 1) != nil }
        #expect(!kept.isEmpty && kept == Array((500 - kept.count)..<500))
        #expect(kept.count >= 20)
    }

    /// The budget counts what the entries hold as allocated: a batch whose buffers have room to spare costs more than
    /// a compact copy of the same rows.
    @Test func footprintCountsAllocatedBuffers() throws {
        let batch = try MergeFixtures.batch((0..<50).map { ("key-\($0)", Row(ts: 1, v: Int64($0), del: nil, p: 0)) })
        let compact = batch.take(Array(0..<50))
        #expect(RecentDataFiles.footprint(compact, key: "k") >= compact.allocatedByteCount + 128)
        var values = (0..<50).map(Int64.init)
        values.reserveCapacity(100_000)
        var columns = compact.columns
        columns[2] = .int64(PrimitiveVector(values))
        let roomy = try RecordBatch(schema: compact.schema, columns: columns)
        #expect(RecentDataFiles.footprint(roomy, key: "k") >= RecentDataFiles.footprint(compact, key: "k") + 790_000)
        // Estimated before copying, a compact copy's cost is close to what it holds.
        let estimate = RecentDataFiles.estimate(batch), held = RecentDataFiles.footprint(compact, key: "k")
        #expect(estimate > held / 2 && estimate < held * 2)
    }

    /// A commit that takes files out of the table drops their kept rows; a file that stays (a new deletion vector on
    /// the same path) keeps them, and the table reads the same either way.
    @Test func removedFilesAreForgottenLiveOnesKept() throws {
        let dir = try ScratchDirectory()
        let table = try Self.typedTable(dir)
        let before = try table.snapshot()
        func partition(_ s: Snapshot, _ p: String) throws -> AddFile {
            try #require(s.files.first { $0.partitionValues.values.contains(.some(p)) })
        }
        let gone = try partition(before, "0"), marked = try partition(before, "1")
        let goneKey = try #require(table.storage.recentFileKey(gone.path))
        let markedKey = try #require(table.storage.recentFileKey(marked.path))
        #expect(try Self.kept(table).rows(goneKey, size: gone.size) != nil)
        // Every row of partition 0 (its file is removed), one row of partition 1 (a deletion vector on its file).
        try table.delete(where: .eq("p", .int32(0)))
        try table.delete(where: .eq("_id", .string("id-1")))
        let after = try table.snapshot()
        #expect(!after.files.contains { $0.path == gone.path })
        #expect(try partition(after, "1").path == marked.path)
        #expect(try Self.kept(table).rows(goneKey, size: gone.size) == nil)
        let kept = try #require(Self.kept(table).rows(markedKey, size: marked.size))
        #expect(kept == (try Self.onDisk(table, after, marked).batch))
        func ids() throws -> Set<String> {
            Set(try table.scan().rows().compactMap { if case let .string(id)? = $0["_id"] { return id } else { return nil } })
        }
        let live = try ids()
        #expect(live == Set((0..<40).filter { $0 % 5 != 0 && $0 != 1 }.map { "id-\($0)" }))
        // OPTIMIZE (an operation reading the files it chose) still compacts them to the same rows.
        try table.optimize(OptimizeOptions(bloomFilterColumns: ["_id"]))
        #expect(try ids() == live)
    }
}
