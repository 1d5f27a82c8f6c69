import Foundation
import Testing
import Columnar
import TestSupport

/// ColumnarFileWriter streams row groups to disk: the file must be byte for byte what the in-memory writer
/// produces (page offsets are absolute and checksummed, so any offset slip shows), for batches that do and do
/// not line up with row groups.
@Suite struct FileWriterTests {
    @Test func streamedFileEqualsInMemoryFile() throws {
        let dir = try TemporaryDirectory("colfile")
        var gen = RandomData(seed: 99)
        for round in 0..<12 {
            let schema = try gen.schema(columns: Int.random(in: 1...6, using: &gen.rng))
            let sizes = [[0], [1], [5000], [7, 1000, 3], [2500, 2500], [4096, 1, 4095, 999]][round % 6]
            let batches = try sizes.map { try gen.batch(schema, rows: $0) }
            var options = ColumnarWriteOptions()
            options.rowGroupRows = [1000, 4096, 3, 100_000][round % 4]
            options.pageRows = [64, 1000][round % 2]
            options.compression = ColumnarCompression.allCases[round % 3]
            options.bloomFilterColumns = [schema.fields[0].name]
            let expected = try ColumnarWriter.write(batches, schema: schema, options: options)
            let path = dir.path + "/f\(round).slc"
            let groups = try ColumnarFileIO.write(batches, schema: schema, options: options, to: path)
            let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(written == expected, "round \(round)")
            let reader = try ColumnarReader(path: path)
            #expect(reader.metadata.rowGroups == groups)
            let all = try RecordBatch.concatenate(batches, schema: schema)
            #expect(try reader.readAll().batch == all, "round \(round)")
        }
    }

    @Test func unwritablePathThrowsIOError() throws {
        let schema = try Schema(columns: [("a", .int64, false)])
        #expect {
            _ = try ColumnarFileWriter(path: "/nonexistent-dir-\(UInt32.random(in: 0...UInt32.max))/x.slc", schema: schema)
        } throws: { error in
            if case ColumnarError.io = error { return true }
            return false
        }
    }
}
