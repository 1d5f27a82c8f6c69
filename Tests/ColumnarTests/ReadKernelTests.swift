import Testing
import TestSupport
@testable import Columnar

/// The read path's inner loops against straightforward reference versions: exact values back, whatever the
/// width, count, length or position of the last value in its buffer.
@Suite struct ReadKernelTests {
    /// Value i of `width` bits read bit by bit (least-significant bit first).
    static func referenceUnpack(_ bytes: [UInt8], count: Int, width: Int) -> [UInt64] {
        (0..<count).map { i in
            var v: UInt64 = 0
            for b in 0..<width {
                let bit = i * width + b
                if (bytes[bit >> 3] >> UInt8(bit & 7)) & 1 == 1 { v |= 1 << UInt64(b) }
            }
            return v
        }
    }

    @Test func bitUnpackMatchesReferenceAtEveryWidth() {
        var rng = SeededGenerator(seed: 99)
        for width in 0...64 {
            let mask: UInt64 = width == 64 ? ~0 : (1 << UInt64(width)) - 1
            for count in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 200, 1003] {
                // Extremes as well as random values, so that every bit of every slot is exercised.
                let values: [UInt64] = (0..<count).map { i in
                    switch i % 5 {
                    case 0: return mask
                    case 1: return 0
                    default: return UInt64.random(in: 0...UInt64.max, using: &rng) & mask
                    }
                }
                var packed: [UInt8] = []
                BitPack.pack(count: count, width: width, into: &packed) { values[$0] }
                #expect(packed.count == BitPack.byteCount(count: count, width: width))
                #expect(Self.referenceUnpack(packed, count: count, width: width) == values, "reference, width \(width) count \(count)")
                // The buffer ends exactly after the last value, so the last groups take the careful path.
                var out = [UInt64](repeating: .max, count: count)
                packed.withUnsafeBytes { raw in
                    BitPack.unpack(raw, count: count, width: width) { out[$0] = $1 }
                }
                #expect(out == values, "width \(width) count \(count)")
            }
        }
    }

    @Test func rleHybridDecodesRunsAndGroupsAtEveryWidth() throws {
        var rng = SeededGenerator(seed: 5)
        for width in [1, 2, 3, 5, 7, 8, 9, 12, 13, 16, 17, 24, 31, 32] {
            let maxValue = width == 32 ? UInt32.max : (1 << UInt32(width)) - 1
            // Runs long enough to become RLE runs, between stretches of random values.
            var values: [UInt32] = []
            while values.count < 3000 {
                if Bool.random(using: &rng) {
                    values += Array(repeating: UInt32.random(in: 0...maxValue, using: &rng), count: Int.random(in: 8...40, using: &rng))
                } else {
                    values += (0..<Int.random(in: 1...30, using: &rng)).map { _ in UInt32.random(in: 0...maxValue, using: &rng) }
                }
            }
            var w = ByteWriter()
            RLEHybrid.encode(count: values.count, width: width, into: &w) { values[$0] }
            var decoded = [UInt32](repeating: 0, count: values.count)
            try w.bytes.withUnsafeBytes { raw in
                var r = ByteReader(raw, base: 0, what: "test")
                try RLEHybrid.decode(&r, count: values.count, width: width, maxValue: maxValue) { decoded[$0] = $1 }
                #expect(r.isAtEnd)
            }
            #expect(decoded == values, "width \(width)")
        }
    }

    /// Dictionary entries of every length around the 16- and 32-byte word copies, multi-byte UTF-8, nulls, the
    /// longest and shortest entries last in the dictionary page, over several pages, row groups and codecs.
    @Test func dictionaryStringsOfEveryLengthRoundTrip() throws {
        var rng = SeededGenerator(seed: 21)
        var entries = (0...70).map { String(repeating: "x", count: $0) }
        entries += ["é", "漢字🦆", String(repeating: "é", count: 8), String(repeating: "🦆", count: 4), String(repeating: "🦆", count: 9)]
        let schema = try Schema(columns: [("s", .string, true), ("j", .json, false), ("b", .binary, true)])
        for lastFirst in [false, true] {
            var b = RecordBatchBuilder(schema: schema)
            let order = lastFirst ? entries.reversed() : entries
            // Every entry once first (so the dictionary page lists them in this order), then random picks.
            for i in 0..<5000 {
                let s = i < order.count ? order[i] : order[Int.random(in: 0..<order.count, using: &rng)]
                let null = i >= order.count && Int.random(in: 0..<5, using: &rng) == 0
                try b.append(row: [null ? .null : .string(s), .string("\"\(s)\""), null ? .null : .binary(Array(s.utf8))])
            }
            let batch = try b.finish()
            for c in ColumnarCompression.allCases {
                var o = ColumnarWriteOptions()
                o.compression = c
                o.forcedEncodings = ["s": .dictionary, "j": .dictionary, "b": .dictionary]
                o.pageRows = 333
                o.rowGroupRows = 2048
                let (read, bytes) = try roundTrip([batch], schema: schema, options: o)
                #expect(read == batch, "\(c) lastFirst \(lastFirst)")
                let pages = try ColumnarReader(bytes: bytes).metadata.rowGroups[0].columns[0].pages
                #expect(pages.first?.isDictionary == true && pages.dropFirst().allSatisfy { $0.encoding == .dictionary })
            }
        }
    }

    /// Chunks read after larger ones reuse the scan's buffers: stale bytes past a chunk's end must never show.
    @Test func shrinkingChunksAndPartialReadsReuseBuffers() throws {
        var gen = RandomData(seed: 8)
        let schema = try Schema(columns: [("t", .timestamp, false), ("s", .string, true), ("f", .float64, true)])
        var batches: [RecordBatch] = []
        for rows in [4000, 1500, 10, 2500, 1] {
            var b = RecordBatchBuilder(schema: schema)
            for i in 0..<rows {
                try b.append(row: [.timestamp(Int64(batches.count * 10_000 + i)), gen.value(.string, cardinality: 0),
                                   i % 3 == 0 ? .null : gen.value(.float64, cardinality: 0)])
            }
            batches.append(try b.finish())
        }
        var o = ColumnarWriteOptions()
        o.rowGroupRows = 4000
        o.pageRows = 256
        let bytes = try ColumnarWriter.write(batches, schema: schema, options: o)
        let reader = try ColumnarReader(bytes: bytes)
        let all = try RecordBatch.concatenate(batches, schema: schema)
        #expect(try reader.readAll().batch == all)
        // A window that cuts pages: only some pages of each chunk are read (one read per page).
        let p = Predicate.and(.ge("t", .timestamp(1_000)), .lt("t", .timestamp(30_100)))
        let expected = (0..<all.rowCount).filter { r in
            guard case let .timestamp(v) = all.row(r)[0] else { return false }
            return v >= 1_000 && v < 30_100
        }
        #expect(try reader.readAll(where: p).batch == all.take(expected))
    }
}
