import Testing
import TestSupport
@testable import Columnar

/// The write path's inner loops against straightforward reference versions: same bytes, same entries, and
/// data that must be refused is refused.
@Suite struct WriteKernelTests {
    /// The RLE/bit-packed hybrid as first written: walk every run, emit those that stay 8+ long after lending.
    static func referenceRLE(_ values: [UInt32], width: Int) -> [UInt8] {
        var out = ByteWriter()
        let valueBytes = (width + 7) / 8
        var literalStart = 0
        func flush(upTo end: Int) {
            let n = end - literalStart
            guard n > 0 else { return }
            let groups = (n + 7) / 8
            out.varint(UInt64(groups) << 1 | 1)
            var bits: [Bool] = []
            for k in 0..<(groups * 8) {
                let v = literalStart + k < end ? values[literalStart + k] : 0
                for b in 0..<width { bits.append((v >> UInt32(b)) & 1 == 1) }
            }
            var byte: UInt8 = 0
            for (k, bit) in bits.enumerated() {
                if bit { byte |= 1 << UInt8(k % 8) }
                if k % 8 == 7 || k == bits.count - 1 {
                    out.u8(byte)
                    byte = 0
                }
            }
            literalStart = end
        }
        var i = 0
        while i < values.count {
            var j = i + 1
            while j < values.count && values[j] == values[i] { j += 1 }
            let pending = i - literalStart
            let lend = pending % 8 == 0 ? 0 : 8 - pending % 8
            if j - i - lend >= 8 {
                flush(upTo: i + lend)
                out.varint(UInt64(j - i - lend) << 1)
                for b in 0..<valueBytes { out.u8(UInt8(truncatingIfNeeded: values[i] >> UInt32(b * 8))) }
                literalStart = j
            }
            i = j
        }
        flush(upTo: values.count)
        return out.bytes
    }

    @Test func rleHybridMatchesReferenceAndRoundTrips() throws {
        var rng = SeededGenerator(seed: 11)
        for round in 0..<400 {
            let width = round % 5 == 0 ? 0 : Int.random(in: 1...20, using: &rng)
            let maxValue: UInt32 = width == 0 ? 0 : UInt32((UInt64(1) << UInt64(width)) - 1)
            // Runs of every length around the thresholds, at every alignment.
            var values: [UInt32] = []
            let target = Int.random(in: 0...300, using: &rng)
            while values.count < target {
                let v = UInt32.random(in: 0...min(maxValue, 3), using: &rng)
                values.append(contentsOf: repeatElement(v, count: Int.random(in: 1...20, using: &rng)))
            }
            var w = ByteWriter()
            RLEHybrid.encode(count: values.count, width: width, into: &w) { values[$0] }
            #expect(w.bytes == Self.referenceRLE(values, width: width), "width \(width), \(values)")
            var decoded = [UInt32](repeating: .max, count: values.count)
            try w.bytes.withUnsafeBytes { raw in
                var r = ByteReader(raw, base: 0, what: "test")
                try RLEHybrid.decode(&r, count: values.count, width: width, maxValue: maxValue) { decoded[$0] = $1 }
            }
            #expect(decoded == values)
        }
    }

    @Test func validityEncodingMatchesBitByBit() {
        var rng = SeededGenerator(seed: 12)
        for _ in 0..<200 {
            let n = Int.random(in: 0...400, using: &rng)
            let bits = (0..<n).map { i in (i / Int.random(in: 1...9, using: &rng)) % 3 != 0 }
            let whole = Bitmap(bits)
            // Slices start mid-word.
            let from = n > 0 ? Int.random(in: 0..<n, using: &rng) : 0
            let slice = whole.slice(from..<n)
            var w = ByteWriter()
            ValueEncoder.encodeValidity(slice, into: &w)
            #expect(w.bytes == Self.referenceRLE(bits[from...].map { $0 ? 1 : 0 }, width: 1))
        }
    }

    @Test(arguments: [false, true]) func hexPackerMatchesNibblesAndRejectsStrangers(upper: Bool) throws {
        var rng = SeededGenerator(seed: upper ? 13 : 14)
        let digits = Array((upper ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        for layout in [[8, 4, 4, 4, 12], [32], [31], [1], [3, 5], [17, 2, 9], [7], [2, 2, 2]] {
            func value() -> [UInt8] {
                Array(layout.map { String(decoding: (0..<$0).map { _ in digits[Int.random(in: 0..<16, using: &rng)] }, as: UTF8.self) }
                    .joined(separator: "-").utf8)
            }
            let values = (0..<50).map { _ in value() }
            let strings = values.map { String(decoding: $0, as: UTF8.self) }
            let column = BinaryVector(strings: strings)
            var w = ByteWriter()
            #expect(HexCodec.encode(column, into: &w))
            // The packed nibbles are the last bytes: compare them with a digit-by-digit packing.
            var nibbles: [UInt8] = []
            for v in values {
                let ds = v.filter { $0 != UInt8(ascii: "-") }.map { c in UInt8(digits.firstIndex(of: c) ?? 0) }
                for k in stride(from: 0, to: ds.count, by: 2) { nibbles.append(ds[k] << 4 | (k + 1 < ds.count ? ds[k + 1] : 0)) }
            }
            #expect(Array(w.bytes.suffix(nibbles.count)) == nibbles)
            var decoded: [UInt8] = []
            try w.bytes.withUnsafeBytes { raw in
                var r = ByteReader(raw, base: 0, what: "test")
                _ = try HexCodec.decode(&r, present: values.count, into: &decoded)
            }
            #expect(decoded == values.flatMap { $0 })
            // One wrong character anywhere in any value (other case, non-digit, high byte, misplaced separator).
            for bad in [upper ? UInt8(ascii: "a") : UInt8(ascii: "A"), UInt8(ascii: "g"), UInt8(ascii: "/"), UInt8(ascii: ":"),
                        0xC3, UInt8(ascii: "-"), UInt8(ascii: "0")] {
                var broken = values
                let row = Int.random(in: 0..<broken.count, using: &rng)
                // A digit is only wrong where a separator belongs.
                let places = bad == UInt8(ascii: "0") ? broken[row].indices.filter { broken[row][$0] == UInt8(ascii: "-") }
                    : Array(broken[row].indices)
                guard let at = places.randomElement(using: &rng), broken[row][at] != bad else { continue }
                broken[row][at] = bad
                var bw = ByteWriter()
                #expect(!HexCodec.encode(BinaryVector(strings: broken.map { String(decoding: $0, as: UTF8.self) }), into: &bw),
                        "layout \(layout), byte \(bad) at \(at)")
            }
        }
    }

    @Test func stringDictionaryKeepsFirstAppearanceOrderAndLimits() {
        var rng = SeededGenerator(seed: 15)
        // Shared 8-byte heads, lengths around 8 and 16, empty strings, and values at the very end of the buffer.
        let pool = ["", "a", "abcdefgh", "abcdefgh\u{0}", "abcdefghi", "abcdefghijklmnop", "abcdefghijklmnopq", "abcdefgh12345678",
                    "abcdefgh12345679", "é漢", String(repeating: "x", count: 40), String(repeating: "x", count: 41), "\u{0}", "\u{0}\u{0}"]
        for round in 0..<100 {
            var strings: [String?] = (0..<Int.random(in: 1...3000, using: &rng)).map { _ in
                Int.random(in: 0..<10, using: &rng) == 0 ? nil : pool[Int.random(in: 0..<pool.count, using: &rng)]
            }
            if round % 2 == 0 { strings += (0..<2000).map { "v\($0 % 1500)" } }
            let column = BinaryVector(strings: strings)
            guard let d = ColumnDictionary.build(.string(column), maxEntries: 1 << 16, maxBytes: 1 << 20, sampleCheck: false),
                  case let .string(entries) = d.entries else {
                Issue.record("no dictionary")
                continue
            }
            var expected: [String] = []
            for s in strings.compactMap({ $0 }) where !expected.contains(s) { expected.append(s) }
            #expect((0..<entries.count).map { entries.string(at: $0) } == expected)
            #expect(d.indices.map { expected[Int($0)] } == strings.compactMap { $0 })
            // One entry short, one byte short: no dictionary.
            #expect(ColumnDictionary.build(.string(column), maxEntries: expected.count - 1, maxBytes: 1 << 20, sampleCheck: false) == nil)
            let bytes = expected.reduce(0) { $0 + $1.utf8.count }
            if bytes > 0 {
                #expect(ColumnDictionary.build(.string(column), maxEntries: 1 << 16, maxBytes: bytes - 1, sampleCheck: false) == nil)
            }
        }
    }

    @Test func numberDictionaryKeysOnBits() {
        let values: [Double?] = [0.0, -0.0, .nan, 1.5, nil, 0.0, -0.0, .infinity, -.infinity, 1.5, .nan, nil, 2.0]
        var b = ColumnBuilder(type: .float64, capacity: values.count)
        for v in values { try? b.append(v.map(Value.float64) ?? .null) }
        guard let d = ColumnDictionary.build(b.finish(), maxEntries: 100, maxBytes: 100, sampleCheck: false),
              case let .float64(entries) = d.entries else {
            Issue.record("no dictionary")
            return
        }
        #expect(entries.values.map(\.bitPattern) == [0.0, -0.0, .nan, 1.5, .infinity, -.infinity, 2.0].map(\.bitPattern))
        #expect(d.indices == [0, 1, 2, 3, 0, 1, 4, 5, 3, 2, 6])
        var ints = ColumnBuilder(type: .int64, capacity: 5000)
        for i in 0..<5000 { try? ints.append(.int64(Int64(i % 1700) * (i % 2 == 0 ? 1 : -1) << 40)) }
        let big = ColumnDictionary.build(ints.finish(), maxEntries: 1 << 16, maxBytes: 0, sampleCheck: false)
        #expect(big?.count == Set((0..<5000).map { Int64($0 % 1700) * ($0 % 2 == 0 ? 1 : -1) << 40 }).count)
    }

    @Test func pageRangesMatchLinearSplit() throws {
        var rng = SeededGenerator(seed: 16)
        for _ in 0..<200 {
            let lengths = (0..<Int.random(in: 0...500, using: &rng)).map { _ in
                Int.random(in: 0..<4, using: &rng) == 0 ? Int.random(in: 0...300, using: &rng) : Int.random(in: 0...20, using: &rng)
            }
            let column = Column.string(BinaryVector(strings: lengths.map { String(repeating: "q", count: $0) }))
            var o = ColumnarWriteOptions()
            o.pageBytes = Int.random(in: 1...400, using: &rng)
            o.pageRows = Int.random(in: 1...64, using: &rng)
            let writer = ChunkWriter(field: Field(name: "s", id: 1, type: .string), options: o)
            var expected: [Range<Int>] = []
            var s = 0
            while s < lengths.count {
                var e = s + 1, bytes = lengths[s]
                while e < lengths.count && e - s < o.pageRows && bytes + lengths[e] <= o.pageBytes {
                    bytes += lengths[e]
                    e += 1
                }
                expected.append(s..<e)
                s = e
            }
            #expect(writer.pageRanges(column) == (expected.isEmpty ? [0..<0] : expected))
        }
    }

    @Test func compressionSkipsRunsOfIncompressiblePagesOnly() throws {
        var skip = CompressionSkip()
        skip.record(shrunk: false)
        let afterOne = skip.next()
        skip.record(shrunk: false)
        var skipped = 0
        while skip.next() { skipped += 1 }
        skip.record(shrunk: true)
        skip.record(shrunk: false)
        let afterReset = skip.next()
        #expect(!afterOne && skipped == CompressionSkip.pagesSkipped && !afterReset)
        // In a file: random timestamps are stored as they are, the compressible pages after them still compressed.
        var rng = SeededGenerator(seed: 17)
        let schema = try Schema([Field(name: "t", id: 1, type: .timestamp)])
        var b = RecordBatchBuilder(schema: schema)
        for i in 0..<40_000 { try b.append(row: [.timestamp(i < 20_000 ? Int64.random(in: 0...Int64.max, using: &rng) : Int64(i % 7) << 50)]) }
        var o = ColumnarWriteOptions()
        o.pageRows = 1000
        let batch = try b.finish()
        let (read, bytes) = try roundTrip([batch], schema: schema, options: o)
        #expect(read == batch)
        let pages = try ColumnarReader(bytes: bytes).metadata.rowGroups[0].columns[0].pages.filter { !$0.isDictionary }
        #expect(pages.prefix(20).allSatisfy { $0.compression == .none })
        #expect(pages.suffix(10).allSatisfy { $0.compression == .zstd })
    }
}
