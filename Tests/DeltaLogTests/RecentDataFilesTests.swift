import Testing
import Foundation
@testable import DeltaLog
import Columnar

/// `RecentDataFiles`: what it keeps is exactly what the files hold, operations' own reads take it, a user's scan
/// never does, and it stays within its budget.
@Suite struct RecentDataFilesTests {
    typealias Row = MergeFixtures.Row

    /// A table of every column type, partitioned by `p`, with nulls in each nullable column.
    static func typedTable(_ dir: borrowing ScratchDirectory) throws -> DeltaTable {
        let table = DeltaTable(path: dir.path)
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
            let kept = try #require(RecentDataFiles.shared.rows(key, size: f.size))
            #expect(kept == (try Self.onDisk(table, s, f).batch))
            // Another size is another file.
            #expect(RecentDataFiles.shared.rows(key, size: f.size + 1) == nil)
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
            let kept = try #require(RecentDataFiles.shared.rows(key, size: f.size))
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
        let cost = RecentDataFiles.footprint(batch)
        let cache = RecentDataFiles(budget: cost * 8 + cost / 2)
        for i in 0..<20 { cache.put("f\(i)", size: 100, rows: batch) }
        #expect((0..<12).allSatisfy { cache.rows("f\($0)", size: 100) == nil })
        #expect((12..<20).allSatisfy { cache.rows("f\($0)", size: 100) == batch })
        // A batch past the row limit, or larger than an eighth of the budget, is not kept.
        let big = try MergeFixtures.batch((0..<(RecentDataFiles.maxRows + 1)).map { ("k\($0)", Row(ts: 1, v: 0, del: nil, p: 0)) })
        let roomy = RecentDataFiles(budget: 1 << 30)
        roomy.put("big", size: 1, rows: big)
        #expect(roomy.rows("big", size: 1) == nil)
        let tight = RecentDataFiles(budget: cost * 4)
        tight.put("small", size: 1, rows: batch)
        #expect(tight.rows("small", size: 1) == nil)
    }
}
