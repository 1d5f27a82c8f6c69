import Testing
import TestSupport
@testable import Columnar

/// The `tokens` encoding of text: exact round trips through the kernel and through files, the writer choosing it
/// only for text it shrinks, and damaged bodies refused with typed errors.
@Suite struct TokenCodecTests {
    static let vocabulary = ["la", "bam", "cholcen", "tresvum", "gultismongkukchimgir", "é", "漢字", "🦆", "a\u{0}b",
                             "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "sixteen-bytes-ab", "seventeen-bytes-a"]

    /// Text of words from `vocabulary`, with the awkward cases: empty values, leading, trailing and repeated spaces,
    /// values cut in the middle of a word.
    static func text(_ rng: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<12, using: &rng) {
        case 0: return ""
        case 1: return " "
        case 2: return "   two  spaces  "
        default:
            let words = (0..<Int.random(in: 1...30, using: &rng)).map { _ in vocabulary.randomElement(using: &rng) ?? "" }
            let s = words.joined(separator: " ")
            return Bool.random(using: &rng) ? s : String(s.prefix(Int.random(in: 0...s.count, using: &rng)))
        }
    }

    /// Decodes a values section of `present` values in the tokens encoding, which must be consumed exactly.
    static func decode(_ bytes: [UInt8], present: Int) -> Result<ColumnBuilder, ColumnarError> {
        var b = ColumnBuilder(type: .string)
        return bytes.withUnsafeBytes { raw in
            Result { () throws(ColumnarError) -> ColumnBuilder in
                var r = ByteReader(raw, base: 0, what: "test page")
                try ValueDecoder.decodeValues(&r, encoding: .tokens, present: present, valid: [], into: &b)
                guard r.isAtEnd else { throw r.corrupt("trailing bytes") }
                return b
            }
        }
    }

    /// Encodes `v` forced, decodes it back, and returns the decoded bytes and offsets.
    static func kernelRoundTrip(_ v: BinaryVector) throws -> (bytes: [UInt8], ends: [Int]) {
        var w = ByteWriter()
        #expect(TokenCodec.encode(v, onlyIfSmaller: false, into: &w))
        let b = try decode(w.bytes, present: v.count - v.nullCount).get()
        return (b.bytes, b.offsets)
    }

    @Test func kernelRoundTripsExactly() throws {
        var rng = SeededGenerator(seed: 41)
        for round in 0..<300 {
            let n = [0, 1, 2, 7, 64, 500][round % 6]
            let strings: [String?] = (0..<n).map { _ in Int.random(in: 0..<5, using: &rng) == 0 ? nil : Self.text(&rng) }
            let v = BinaryVector(strings: strings)
            let (bytes, ends) = try Self.kernelRoundTrip(v)
            let present = strings.compactMap { $0 }
            #expect(bytes == Array(present.joined().utf8), "round \(round)")
            var end = 0
            #expect(ends.dropFirst() == ArraySlice(present.map { end += $0.utf8.count; return end }), "round \(round)")
        }
    }

    @Test func tokenTableTellsApartTokensThatShareTheirFirst16Bytes() {
        // Equal zero-padded words but different lengths, equal first 16 bytes but different tails, and the same
        // tokens again at the end of the text (where whole words cannot be read): entries in order of first appearance.
        let tokens: [[UInt8]] = [Array("ab".utf8), Array("ab".utf8) + [0], Array("ab".utf8) + [0, 0],
                                 Array("0123456789abcdef".utf8), Array("0123456789abcdefX".utf8),
                                 Array("0123456789abcdefY".utf8), Array(repeating: 0x61, count: 70), Array(repeating: 0x61, count: 71)]
        var text: [UInt8] = []
        var spans: [(Int, Int)] = []
        for t in tokens + tokens.reversed() {
            spans.append((text.count, t.count))
            text += t
        }
        var table = TokenTable(expected: 0)
        let entries = text.withUnsafeBytes { raw in
            spans.map { table.entry(raw, start: $0.0, count: $0.1, maxEntries: 100, maxBytes: 1000) }
        }
        #expect(entries == (Array(0..<tokens.count) + Array((0..<tokens.count).reversed())).map { Optional($0) })
        #expect(table.count == tokens.count)
        #expect(table.bytes == tokens.flatMap { $0 })
        // Limits: a new token past maxEntries or maxBytes is refused, a known one still found.
        #expect(text.withUnsafeBytes { table.entry($0, start: 0, count: 1, maxEntries: tokens.count, maxBytes: 1000) } == nil)
        #expect(text.withUnsafeBytes { table.entry($0, start: 0, count: 2, maxEntries: tokens.count, maxBytes: 0) } == 0)
    }

    @Test func nullSlotsWithBytesAreSkipped() throws {
        // Null rows that still own bytes (as wrapped buffers may have): only the present values are encoded.
        let bytes = Array("aa bb|NULL BYTES|cc aa bb".utf8)
        let v = BinaryVector(offsets: [0, 5, 16, 25], bytes: bytes, validity: Bitmap([true, false, true]))
        let (decoded, _) = try Self.kernelRoundTrip(v)
        #expect(decoded == Array("aa bb|cc aa bb".utf8))
    }

    @Test func writerChoosesTokensForTextOnly() throws {
        var rng = SeededGenerator(seed: 42)
        let schema = try Schema(columns: [("notes", .string, true), ("doc", .json, false), ("codes", .string, false)])
        var b = RecordBatchBuilder(schema: schema)
        for i in 0..<6000 {
            let words = (0..<20).map { _ in Self.vocabulary[Int.random(in: 0..<4, using: &rng)] }.joined(separator: " ")
            try b.append(row: [i % 7 == 0 ? .null : .string(Self.text(&rng)), .string(words),
                               .string("EXT-\(Int.random(in: 0..<100_000_000, using: &rng))")])
        }
        let batch = try b.finish()
        var o = ColumnarWriteOptions()
        o.pageRows = 1500
        for compression in ColumnarCompression.allCases {
            o.compression = compression
            let (read, bytes) = try roundTrip([batch], schema: schema, options: o)
            #expect(read == batch)
            let chunks = try ColumnarReader(bytes: bytes).metadata.rowGroups[0].columns
            #expect(chunks[0].encodings.contains(.tokens), "\(compression)")
            #expect(chunks[1].encodings == [.tokens], "\(compression)")
            #expect(!chunks[2].encodings.contains(.tokens), "\(compression)")
            // Forced, ids without spaces round-trip too.
            o.forcedEncodings = ["codes": .tokens]
            let (forced, forcedBytes) = try roundTrip([batch], schema: schema, options: o)
            #expect(forced == batch)
            #expect(try ColumnarReader(bytes: forcedBytes).metadata.rowGroups[0].columns[2].encodings == [.tokens])
            o.forcedEncodings = [:]
        }
    }

    @Test func damagedBodiesThrowTypedErrors() throws {
        var rng = SeededGenerator(seed: 43)
        let strings = (0..<200).map { _ in Self.text(&rng) }
        let v = BinaryVector(strings: strings)
        var w = ByteWriter()
        #expect(TokenCodec.encode(v, onlyIfSmaller: false, into: &w))
        let body = w.bytes
        func decode(_ bytes: [UInt8]) -> Result<ColumnBuilder, ColumnarError> { Self.decode(bytes, present: 200) }
        #expect(try decode(body).get().bytes == Array(strings.joined().utf8))
        // Every truncation fails.
        for cut in 0..<body.count {
            #expect(throws: ColumnarError.self) { try decode(Array(body[0..<cut])).get() }
        }
        // Every single-byte change either fails or decodes to exactly as many bytes as its value lengths declare.
        for i in 0..<body.count {
            for delta: UInt8 in [1, 0x80, 0xFF] {
                var bad = body
                bad[i] &+= delta
                if case let .success(b) = decode(bad) { #expect(b.offsets.last == b.bytes.count && b.offsets.count == 201) }
            }
        }
    }

    /// A damaged value length that declares far more bytes than the references can make is refused before any
    /// buffer is sized from it (the fuzzer found a 4.5 GB allocation this way).
    @Test func hugeDeclaredLengthIsRefusedUpFront() throws {
        for declared: Int64 in [3, 1 << 20, 1 << 30] {
            var w = ByteWriter()
            [declared].withUnsafeBufferPointer { IntegerCodec.encodeFOR($0, into: &w) }
            w.varint(1)
            [Int64(1)].withUnsafeBufferPointer { IntegerCodec.encodeFOR($0, into: &w) }
            w.append([UInt8(ascii: "a")])
            w.varint(2)
            w.append([0, 0])
            let result = Self.decode(w.bytes, present: 1)
            guard case let .failure(error) = result else {
                Issue.record("declared \(declared) bytes from two one-byte tokens decoded")
                continue
            }
            #expect("\(error)".contains("token reference bytes"), "\(error)")
        }
    }
}
