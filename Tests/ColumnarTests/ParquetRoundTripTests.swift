import Foundation
import Testing
import TestSupport
@testable import Columnar

/// SwiftLake's writer and reader agree: every option combination round-trips exactly, row groups split,
/// projections and bloom filters work.
@Suite struct ParquetRoundTripTests {
    @Test(arguments: ParquetWriteInteropTests.variants.map(\.0))
    func roundTrip(variant: String) throws {
        let options = try #require(ParquetWriteInteropTests.variants.first { $0.0 == variant }?.1)
        let batch = try ParquetTestData.batch(rows: 3333, seed: 11)
        let dir = try TemporaryDirectory("parquet-rt")
        let path = dir.path + "/t.parquet"
        let summary = try ParquetFileWriter.write(batch, to: path, options: options)
        let reader = try ParquetFileReader(path: path)
        #expect(reader.schema == batch.schema)
        #expect(reader.rowCount == 3333)
        #expect(summary.rowCount == 3333)
        #expect(summary.statistics == batch.statistics().map { s in s })
        let back = try reader.read()
        #expect(back == batch)
        let projected = try reader.read(columns: ["at", "id"])
        #expect(projected == (try batch.project(["at", "id"])))
    }

    @Test func rowGroupsSplitAndStreamingWrites() throws {
        var options = ParquetWriteOptions()
        options.rowGroupRows = 1000
        let a = try ParquetTestData.batch(rows: 2500, seed: 1)
        let b = try ParquetTestData.batch(rows: 700, seed: 2)
        var writer = ParquetFileWriter(schema: a.schema, options: options)
        try writer.write(a)
        try writer.write(b)
        let bytes = try writer.finish()
        let dir = try TemporaryDirectory("parquet-rg")
        let path = dir.path + "/t.parquet"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let reader = try ParquetFileReader(path: path)
        #expect(reader.rowGroupCount == 4)
        #expect(reader.firstRow(ofRowGroup: 3) == 2500)
        #expect(try reader.readRowGroup(3) == b)
        #expect(try reader.read() == (try RecordBatch.concatenate([a, b], schema: a.schema)))
        #expect(writer.summary.rowGroupCount == 4)
        #expect(writer.summary.byteCount == bytes.count)
    }

    @Test func bloomFiltersAnswerMembership() throws {
        var options = ParquetWriteOptions()
        options.bloomFilterColumns = ["id", "big"]
        let batch = try ParquetTestData.batch(rows: 5000, seed: 3)
        let dir = try TemporaryDirectory("parquet-bloom")
        let path = dir.path + "/t.parquet"
        try ParquetFileWriter.write(batch, to: path, options: options)
        let reader = try ParquetFileReader(path: path)
        let ids = try #require(try reader.bloomFilter(rowGroup: 0, column: "id"))
        let bigs = try #require(try reader.bloomFilter(rowGroup: 0, column: "big"))
        #expect(try reader.bloomFilter(rowGroup: 0, column: "small") == nil)
        for i in stride(from: 0, to: 5000, by: 37) {
            #expect(ids.mightContain(batch.columns[0].value(at: i)))
            #expect(bigs.mightContain(batch.columns[3].value(at: i)))
        }
        var falsePositives = 0
        for i in 0..<2000 where ids.mightContain(.string("absent-\(i)")) { falsePositives += 1 }
        #expect(falsePositives < 80)
        #expect(!ids.mightContain(.null))
    }

    @Test func xxhash64KnownValues() {
        #expect([UInt8]().withUnsafeBytes { XXHash64.hash($0) } == 0xEF46_DB37_51D8_E999)
        #expect(Array("a".utf8).withUnsafeBytes { XXHash64.hash($0) } == 0xD24E_C4F1_A98C_6E5B)
        #expect(Array("abc".utf8).withUnsafeBytes { XXHash64.hash($0) } == 0x44BC_2CF5_AD77_0999)
        let long = Array("Nobody inspects the spammish repetition, not even the long ones".utf8)
        #expect(long.withUnsafeBytes { XXHash64.hash($0) } == long.withUnsafeBytes { XXHash64.hash($0) })
    }
}
