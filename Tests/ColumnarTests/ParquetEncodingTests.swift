import Codecs
import Foundation
import Testing
import TestSupport
@testable import Columnar

/// The building blocks on their own: Thrift, the RLE hybrid, delta packing, page codecs.
@Suite struct ParquetEncodingTests {
    @Test func thriftRoundTripsAndSkipsUnknownFields() throws {
        var header = ParquetPageHeader(type: .dataPageV2, uncompressedPageSize: 1234, compressedPageSize: 99)
        header.crc = -5
        var stats = ParquetStatistics()
        stats.nullCount = 3
        stats.minValue = [1, 2]
        stats.maxValue = Array(repeating: 7, count: 40)
        header.dataV2 = .init(numValues: 100, numNulls: 3, numRows: 100, encoding: .deltaBinaryPacked,
                              definitionLevelsByteLength: 10, repetitionLevelsByteLength: 0, isCompressed: false,
                              statistics: stats)
        var w = ThriftCompactWriter()
        header.write(to: &w)
        let decoded = try w.bytes.withUnsafeBytes { raw in
            var r = ThriftCompactReader(raw, structure: "PageHeader")
            return try ParquetPageHeader(from: &r)
        }
        #expect(decoded == header)

        // A struct with fields this reader does not know (ids 20, 21 with nested lists and maps) still parses.
        var u = ThriftCompactWriter()
        u.writeStruct { w in
            w.field(1, i32: 0)
            w.field(2, i32: 10)
            w.field(3, i32: 10)
            w.field(20, listOf: .structure, count: 2)
            w.writeStruct { $0.field(1, string: "x") }
            w.writeStruct { $0.field(300, double: 1.5) }
            w.field(21, binary: [1, 2, 3])
        }
        let parsed = try u.bytes.withUnsafeBytes { raw in
            var r = ThriftCompactReader(raw, structure: "PageHeader")
            return try ParquetPageHeader(from: &r)
        }
        #expect(parsed.uncompressedPageSize == 10)
    }

    @Test func thriftRejectsDeepNestingAndTruncation() throws {
        // 40 nested structs in field 99: deeper than the limit.
        var bytes: [UInt8] = []
        for _ in 0..<40 { bytes += [0x0C, 0xC6, 0x01] }
        bytes += [UInt8](repeating: 0, count: 41)
        #expect(throws: ParquetError.thriftTooDeep(offset: 96)) {
            try bytes.withUnsafeBytes { raw in
                var r = ThriftCompactReader(raw, structure: "PageHeader")
                _ = try ParquetPageHeader(from: &r)
            }
        }
        #expect(throws: ParquetError.self) {
            try [UInt8]([0x15, 0x80]).withUnsafeBytes { raw in
                var r = ThriftCompactReader(raw, structure: "PageHeader")
                _ = try ParquetPageHeader(from: &r)
            }
        }
        // A list claiming more elements than bytes left is rejected before allocating.
        #expect(throws: ParquetError.self) {
            try [UInt8]([0x19, 0xF5, 0xFF, 0xFF, 0xFF, 0x0F]).withUnsafeBytes { raw in
                var r = ThriftCompactReader(raw, structure: "FileMetaData")
                try r.readStruct { r, _, t throws(ParquetError) in try r.skip(t) }
            }
        }
    }

    @Test(arguments: [0, 1, 2, 3, 7, 8, 13, 20, 32])
    func rleHybridRoundTrips(bitWidth: Int) throws {
        var rng = SeededGenerator(seed: UInt64(bitWidth))
        let maxValue: UInt64 = bitWidth == 0 ? 0 : (bitWidth == 32 ? UInt64(UInt32.max) : (1 << UInt64(bitWidth)) - 1)
        var values: [UInt32] = []
        while values.count < 5000 {
            let v = UInt32(maxValue == 0 ? 0 : rng.next() % (maxValue + 1))
            let run = rng.next() % 4 == 0 ? Int(rng.next() % 40) : 1
            values += Array(repeating: v, count: run)
        }
        var encoded: [UInt8] = []
        RLEHybridEncoder.encode(values, bitWidth: bitWidth, into: &encoded)
        var decoded = [UInt32](repeating: 0, count: values.count)
        try encoded.withUnsafeBytes { raw in
            var d = try RLEHybridDecoder(raw, bitWidth: bitWidth)
            try decoded.withUnsafeMutableBufferPointer { b in
                // In two calls, the second starting mid-run.
                try d.decode(into: b.baseAddress!, count: 1001)
                try d.decode(into: b.baseAddress! + 1001, count: values.count - 1001)
            }
        }
        #expect(decoded == values)
        // Asking for more values than the runs hold is an error, not garbage.
        #expect(throws: ParquetError.self) {
            try encoded.withUnsafeBytes { raw in
                var d = try RLEHybridDecoder(raw, bitWidth: bitWidth)
                var big = [UInt32](repeating: 0, count: values.count + 100)
                try big.withUnsafeMutableBufferPointer { try d.decode(into: $0.baseAddress!, count: $0.count) }
            }
        }
    }

    @Test func deltaBinaryPackedRoundTripsExtremes() throws {
        let cases: [[Int64]] = [
            [], [42], [Int64.min, Int64.max, 0, -1, 1, Int64.max, Int64.min],
            Array(0..<1000).map { Int64($0) * 3 },
            (0..<777).map { Int64(bitPattern: UInt64($0) &* 0x9E37_79B9_7F4A_7C15) },
        ]
        for values in cases {
            var out: [UInt8] = []
            values.withUnsafeBufferPointer { DeltaBinaryPacked.encode($0, into: &out) }
            out += [0xAB, 0xCD]  // bytes after the stream must be left alone
            var back = [Int64](repeating: 0, count: values.count + 1)
            let (count, used) = try out.withUnsafeBytes { raw in
                try back.withUnsafeMutableBufferPointer { try DeltaBinaryPacked.decode(raw, into: $0.baseAddress!, capacity: values.count) }
            }
            #expect(count == values.count)
            #expect(used == out.count - 2)
            #expect(Array(back.prefix(count)) == values)
        }
        let ints: [Int32] = [Int32.min, Int32.max, 0, -7, Int32.max, Int32.min] + (0..<300).map { Int32($0 * 1000) }
        var out: [UInt8] = []
        ints.withUnsafeBufferPointer { DeltaBinaryPacked.encode($0, into: &out) }
        var back = [Int32](repeating: 0, count: ints.count)
        _ = try out.withUnsafeBytes { raw in
            try back.withUnsafeMutableBufferPointer { try DeltaBinaryPacked.decode(raw, into: $0.baseAddress!, capacity: ints.count) }
        }
        #expect(back == ints)
    }

    @Test func pageCodecsRoundTripIncludingHadoopLZ4() throws {
        let text = Array(String(repeating: "parquet page body ", count: 500).utf8)
        let codecs: [ParquetCodec] = [.uncompressed, .snappy, .gzip, .zstd, .lz4Raw]
        for codec in codecs {
            let compressor = try PageCompressor(codec: codec, zstdLevel: 3)
            let packed = try text.withUnsafeBytes { try compressor.compress($0) }
            let back = try packed.withUnsafeBytes { try PageCompression.decompress($0, codec: codec, size: text.count, column: "c") }
            #expect(back == text, "\(codec)")
            if codec != .uncompressed {
                #expect(throws: ParquetError.self) {
                    try packed.withUnsafeBytes { try PageCompression.decompress($0, codec: codec, size: text.count + 1, column: "c") }
                }
            }
        }
        // Hadoop framing: big-endian decompressed and compressed lengths ahead of each LZ4 block.
        var hadoop: [UInt8] = []
        for part in [text[0..<4000], text[4000...]] {
            let block = try Array(part).withUnsafeBytes { try LZ4.compressBlock($0) }
            for v in [UInt32(part.count), UInt32(block.count)] {
                hadoop += [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
            }
            hadoop += block
        }
        let back = try hadoop.withUnsafeBytes { try PageCompression.decompress($0, codec: .lz4, size: text.count, column: "c") }
        #expect(back == text)
        // The same codec id holding a bare block (older parquet-cpp) is accepted too.
        let bare = try text.withUnsafeBytes { try LZ4.compressBlock($0) }
        #expect(try bare.withUnsafeBytes { try PageCompression.decompress($0, codec: .lz4, size: text.count, column: "c") } == text)
        #expect(throws: ParquetError.self) {
            try [UInt8](repeating: 0xFF, count: 64).withUnsafeBytes {
                try PageCompression.decompress($0, codec: .lz4, size: text.count, column: "c")
            }
        }
        #expect(throws: ParquetError.unsupported("compression codec BROTLI (column c)")) {
            try bare.withUnsafeBytes { try PageCompression.decompress($0, codec: .brotli, size: 1, column: "c") }
        }
    }
}

/// The JSON string literals nested Parquet values are rendered with: every escape JSON needs, read back by a JSON
/// parser to the original text.
@Suite struct NestedJSONQuoteTests {
    @Test func quotedStringsParseBackToTheOriginal() throws {
        let samples = ["", "plain", "{\"numRecords\":3,\"minValues\":{\"_id\":\"a\\\\b\"}}", "tab\there\nnew\r\u{1}\u{1f}",
                       "é ü 日本 🙂", "\"", "\\", String(repeating: "x\"", count: 100)]
        for s in samples {
            let quoted = NestedJSONAssembler.quote(s)
            let parsed = try JSONSerialization.jsonObject(with: Data(("[" + quoted + "]").utf8)) as? [String]
            #expect(parsed == [s], "\(quoted)")
        }
        #expect(NestedJSONAssembler.quote("a\u{1}") == "\"a\\u0001\"")
        #expect(NestedJSONAssembler.quote("q\"") == "\"q\\\"\"")
    }
}
