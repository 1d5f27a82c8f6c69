import Foundation
import Testing
import TestSupport
@testable import Columnar

/// Parquet behind the `DataFileFormat` seam answers scans exactly as the native format does.
@Suite struct ParquetFormatTests {
    @Test func scansMatchTheNativeFormat() throws {
        let batch = try ParquetTestData.batch(rows: 3000, seed: 21)
        let options = DataFileWriteOptions(rowGroupRows: 500, bloomFilterColumns: ["id"])
        let parquet = ParquetFormat()
        let written = try parquet.write([batch], schema: batch.schema, options: options)
        #expect(written.rowCount == 3000)
        #expect(written.statistics == batch.statistics())
        #expect(written.bytes.starts(with: Array("PAR1".utf8)))
        let reader = try parquet.open(InMemorySource(written.bytes))
        let native = try ColumnarFormat().open(InMemorySource(
            try ColumnarFormat().write([batch], schema: batch.schema, options: options).bytes))
        #expect(reader.schema == batch.schema)
        #expect(reader.rowCount == 3000)
        // Bounds longer than 64 bytes are left out (the `text` column); everything else is exact.
        var expected = batch.statistics()
        expected[12].min = nil
        expected[12].max = nil
        #expect(reader.columnStatistics == expected)

        let predicates: [Columnar.Predicate?] = [
            nil,
            .and(.ge("seq", .int64(1_000_000)), .lt("seq", .int64(1_400_000))),
            .eq("id", .string("id-\(77 * 7919 % 1_000_003)")),
            .or(.isNull("category"), .eq("category", .string("beta"))),
            .not(.gt("small", .int32(10))),
            .isIn("day", [.date(5), .date(-3), .null]),
            .eq("id", .string("no such id")),
        ]
        for p in predicates {
            var a = try reader.scanBatches(columns: ["id", "seq", "amount"], where: p)
            var b = try native.scanBatches(columns: ["id", "seq", "amount"], where: p)
            var got: [ScanBatch] = [], want: [ScanBatch] = []
            while let x = try a.next() { got.append(x) }
            while let x = try b.next() { want.append(x) }
            #expect(got.flatMap(\.rowPositions) == want.flatMap(\.rowPositions), "\(p.map(\.description) ?? "all")")
            let gotRows = try RecordBatch.concatenate(got.map(\.batch), schema: try batch.schema.project([0, 4, 6]))
            let wantRows = try RecordBatch.concatenate(want.map(\.batch), schema: try batch.schema.project([0, 4, 6]))
            #expect(gotRows == wantRows)
        }
        // `seq` grows with the row, so a narrow range is answered from one row group's pages.
        var narrow = try reader.scanBatches(columns: ["seq"], where: .and(.ge("seq", .int64(10_000)), .lt("seq", .int64(12_000))))
        var rows = 0
        while let x = try narrow.next() { rows += x.batch.rowCount }
        #expect(rows == 2)
        #expect((narrow as? ParquetScanner)?.rowGroupsSkipped == 5)
        // A missing key is pruned by the bloom filter in every row group.
        var missing = try reader.scanBatches(columns: nil, where: .eq("id", .string("absent")))
        #expect(try missing.next() == nil)
        #expect(missing.bytesRead < written.bytes.count / 10)

        let keys = try reader.keyFilter(column: "big")
        #expect(keys.mightContain(batch.columns[3].value(at: 1234)))
        #expect(!keys.hasBloomFilters)

        // The key column's split-block bloom filters reach the key filter: no stored id is ever rejected, and
        // absent ids inside every row group's min/max range mostly are.
        let ids = try reader.keyFilter(column: "id")
        #expect(ids.hasBloomFilters)
        let stored = Set((0..<batch.rowCount).map { batch.columns[0].value(at: $0) })
        for v in stored where !v.isNull { #expect(ids.mightContain(v), "\(v)") }
        let absent = (0..<2000).map { Value.string("id-5x\($0)") }.filter { !stored.contains($0) }
        let rejected = absent.filter { !ids.mightContain($0) }.count
        #expect(rejected * 10 >= absent.count * 9, "\(rejected) of \(absent.count) absent ids rejected")
        #expect(throws: ColumnarError.self) { _ = try reader.scanBatches(columns: ["nope"], where: nil) }
        #expect(throws: ColumnarError.self) { _ = try parquet.open(InMemorySource(Array(written.bytes.dropLast()))) }
    }
}
