import Foundation
import Testing
import TestSupport
@testable import Columnar

/// Damaged Parquet input gives a typed `ParquetError` or exactly the original data — never a crash.
@Suite struct ParquetMutationTests {
    /// Reads `bytes` as a file; nil when the reader rejected it with a `ParquetError`.
    static func read(_ bytes: [UInt8], at path: String) throws -> RecordBatch? {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        do {
            return try ParquetFileReader(path: path).read()
        } catch {
            return nil
        }
    }

    static func dataEnd(_ bytes: [UInt8]) -> Int {
        let n = bytes.count
        let footer = Int(bytes[n - 8]) | Int(bytes[n - 7]) << 8 | Int(bytes[n - 6]) << 16 | Int(bytes[n - 5]) << 24
        return n - 8 - footer
    }

    @Test(arguments: [false, true])
    func flippedBytesInPagesAreDetected(v2: Bool) throws {
        var options = ParquetWriteOptions()
        options.dataPageV2 = v2
        options.pageRows = 300
        options.compression = v2 ? .zstd : .uncompressed
        let batch = try ParquetTestData.batch(rows: 1200, seed: 5)
        var writer = ParquetFileWriter(schema: batch.schema, options: options)
        try writer.write(batch)
        let original = try writer.finish()
        let dir = try TemporaryDirectory("parquet-mutate")
        let path = dir.path + "/m.parquet"
        let end = Self.dataEnd(original)
        var rng = SeededGenerator(seed: v2 ? 99 : 98)
        var rejected = 0
        for _ in 0..<250 {
            var bytes = original
            let at = 4 + Int(rng.next() % UInt64(end - 4))
            bytes[at] ^= UInt8(1 << (rng.next() % 8))
            if let back = try Self.read(bytes, at: path) {
                // Only bytes no value depends on (statistics in a page header) may change silently.
                #expect(back.columns == batch.columns, "flip at \(at) changed data without an error")
            } else {
                rejected += 1
            }
        }
        #expect(rejected > 200)
    }

    @Test func damagedFootersAndTruncationsThrow() throws {
        let batch = try ParquetTestData.batch(rows: 500, seed: 6)
        var writer = ParquetFileWriter(schema: batch.schema)
        try writer.write(batch)
        let original = try writer.finish()
        let dir = try TemporaryDirectory("parquet-footer")
        let path = dir.path + "/m.parquet"
        let end = Self.dataEnd(original)
        var rng = SeededGenerator(seed: 17)
        for _ in 0..<300 {
            var bytes = original
            let at = end + Int(rng.next() % UInt64(original.count - end))
            bytes[at] = UInt8(truncatingIfNeeded: rng.next())
            _ = try Self.read(bytes, at: path)
        }
        for cut in stride(from: 0, to: original.count, by: max(1, original.count / 97)) {
            #expect(try Self.read(Array(original[0..<cut]), at: path) == nil, "truncated to \(cut) bytes")
        }
        for length: UInt32 in [0, 1, UInt32(original.count), UInt32.max] {
            var bytes = original
            withUnsafeBytes(of: length.littleEndian) { bytes.replaceSubrange(bytes.count - 8..<bytes.count - 4, with: $0) }
            _ = try Self.read(bytes, at: path)
        }
        #expect(try Self.read(Array("PAR1PAR1".utf8), at: path) == nil)
        #expect(try Self.read([], at: path) == nil)
        // An unreadable path is an io error.
        #expect(throws: ParquetError.self) { try ParquetFileReader(path: dir.path + "/missing.parquet") }
    }

    /// pyarrow's files carry no page checksums, so a flip may change values; they must still never crash.
    @Test func mutatedPyarrowFilesNeverCrash() throws {
        guard try ParquetPyarrow.available() else { return }
        let dir = try TemporaryDirectory("parquet-mutate-pa")
        let script = """
        import pyarrow as pa, pyarrow.parquet as pq, sys
        sys.path.insert(0, sys.argv[2])
        import make_fixtures as m
        t = m.base_table().slice(0, 400)
        for codec in ["none", "snappy", "zstd"]:
            for v in ["1.0", "2.0"]:
                pq.write_table(t, "%s/%s-%s.parquet" % (sys.argv[1], codec, v), compression=codec,
                               data_page_version=v, data_page_size=2048)
        """
        try ParquetPyarrow.python(["-c", script, dir.path, ParquetPyarrow.fixtureDirectory])
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".parquet") }.sorted()
        #expect(files.count == 6)
        var rng = SeededGenerator(seed: 23)
        for file in files {
            let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir.path + "/" + file)))
            for _ in 0..<60 {
                var bytes = original
                for _ in 0..<Int(1 + rng.next() % 3) {
                    bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
                }
                _ = try Self.read(bytes, at: dir.path + "/mutant.parquet")
            }
        }
    }
}
