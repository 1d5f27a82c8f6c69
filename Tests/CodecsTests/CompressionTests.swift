import Testing
import Codecs
import TestSupport

/// Random sizes 0..4 MiB, mixing compressible text-like runs with noise.
private func samples(seed: UInt64) -> [[UInt8]] {
    var rng = SeededGenerator(seed: seed)
    var sizes = [0, 1, 2, 100, 65_536, 4 * 1024 * 1024]
    for _ in 0..<6 { sizes.append(Int.random(in: 0...(4 * 1024 * 1024), using: &rng)) }
    let words = ["case", "form", "district_id", "2024-05-01", "\"supervisor\"", " ", "{", "}"].map { Array($0.utf8) }
    return sizes.map { size in
        var out: [UInt8] = []
        out.reserveCapacity(size)
        while out.count < size {
            if Bool.random(using: &rng) {
                out += words[Int.random(in: 0..<words.count, using: &rng)]
            } else {
                out.append(UInt8.random(in: 0...255, using: &rng))
            }
        }
        return Array(out.prefix(size))
    }
}

@Suite struct CompressionTests {
    @Test func zstdRoundTrip() throws {
        for data in samples(seed: 1) {
            for level: Int32 in [1, 3, 9] where data.count < 1_000_000 || level == 1 {
                let c = try Zstd.compress(data, level: level)
                #expect(try Zstd.decompress(c, expectedSize: data.count) == data)
                #expect(try Zstd.decompressStream(c, limit: data.count) == data)
            }
        }
    }

    @Test func zstdRejectsCorruptAndTruncatedInput() throws {
        let data = Array(String(repeating: "swiftlake columnar page ", count: 2000).utf8)
        let c = try Zstd.compress(data)
        #expect(throws: CodecError.self) { try Zstd.decompress(Array(c.prefix(c.count / 2)), expectedSize: data.count) }
        #expect(throws: CodecError.self) { try Zstd.decompressStream(Array(c.prefix(c.count / 2)), limit: data.count) }
        #expect(throws: CodecError.self) { try Zstd.decompress([1, 2, 3, 4, 5, 6, 7, 8], expectedSize: 10) }
        #expect(throws: CodecError.self) { try Zstd.decompress([], expectedSize: 10) }
        var flipped = c
        flipped[c.count / 2] ^= 0xFF
        flipped[c.count / 2 + 1] ^= 0x55
        #expect(throws: CodecError.self) { _ = try Zstd.decompress(flipped, expectedSize: data.count) }
        // A bound smaller than the content is an error, not an overflow.
        #expect(throws: CodecError.self) { try Zstd.decompress(c, expectedSize: data.count - 1) }
        #expect(throws: CodecError.outputLimitExceeded(codec: "zstd", limit: 100)) { try Zstd.decompressStream(c, limit: 100) }
        // Sizes around the streaming chunk boundary.
        for n in [0, 1, 131_071, 131_072, 131_073, 262_144] {
            let d = [UInt8](repeating: 7, count: n)
            #expect(try Zstd.decompressStream(try Zstd.compress(d), limit: n) == d)
        }
    }

    @Test(arguments: [Zlib.Format.raw, .zlib, .gzip])
    func zlibRoundTrip(format: Zlib.Format) throws {
        for data in samples(seed: 2) {
            let c = try Zlib.compress(data, format: format, level: 1)
            #expect(try Zlib.decompress(c, format: format, limit: data.count) == data)
        }
    }

    @Test func gzipHasMagicAndConcatenatedMembersDecode() throws {
        let a = try Zlib.compress(Array("hello ".utf8), format: .gzip)
        let b = try Zlib.compress(Array("world".utf8), format: .gzip)
        #expect(Array(a.prefix(3)) == [0x1F, 0x8B, 0x08])
        #expect(try Zlib.decompress(a + b, format: .gzip, limit: 100) == Array("hello world".utf8))
    }

    @Test(arguments: [Zlib.Format.raw, .zlib, .gzip])
    func zlibRejectsCorruptAndTruncatedInput(format: Zlib.Format) throws {
        let data = Array(String(repeating: "abcdefgh", count: 5000).utf8)
        let c = try Zlib.compress(data, format: format)
        #expect(throws: CodecError.truncatedInput(codec: format == .raw ? "deflate" : format == .zlib ? "zlib" : "gzip")) {
            try Zlib.decompress(Array(c.prefix(c.count - 6)), format: format, limit: data.count)
        }
        #expect(throws: CodecError.self) { try Zlib.decompress([0xFF, 0xFF, 0xFF, 0xFF], format: format, limit: 100) }
        #expect(throws: CodecError.self) { try Zlib.decompress(c, format: format, limit: 1000) }
    }

    @Test func lz4FrameAndBlockRoundTrip() throws {
        for data in samples(seed: 3) {
            let frame = try data.withUnsafeBytes { try LZ4.compressFrame($0) }
            #expect(try frame.withUnsafeBytes { try LZ4.decompressFrame($0, limit: data.count) } == data)
            let block = try data.withUnsafeBytes { try LZ4.compressBlock($0) }
            #expect(try block.withUnsafeBytes { try LZ4.decompressBlock($0, expectedSize: data.count) } == data)
        }
    }

    @Test func lz4RejectsCorruptInput() throws {
        let data = Array(String(repeating: "lz4 frame ", count: 3000).utf8)
        let frame = try data.withUnsafeBytes { try LZ4.compressFrame($0) }
        #expect(throws: CodecError.self) {
            try Array(frame.prefix(frame.count - 5)).withUnsafeBytes { try LZ4.decompressFrame($0, limit: data.count) }
        }
        #expect(throws: CodecError.self) { try [UInt8](repeating: 7, count: 20).withUnsafeBytes { try LZ4.decompressFrame($0, limit: 100) } }
        let block = try data.withUnsafeBytes { try LZ4.compressBlock($0) }
        #expect(throws: CodecError.self) {
            try Array(block.prefix(block.count / 2)).withUnsafeBytes { try LZ4.decompressBlock($0, expectedSize: data.count) }
        }
        #expect(throws: CodecError.self) { try frame.withUnsafeBytes { try LZ4.decompressFrame($0, limit: 10) } }
    }

    @Test func snappyRawAndXerialRoundTrip() throws {
        for data in samples(seed: 4) {
            let raw = try data.withUnsafeBytes { try Snappy.compress($0) }
            #expect(try raw.withUnsafeBytes { try Snappy.decompress($0, limit: data.count) } == data)
            #expect(try raw.withUnsafeBytes { try Snappy.decompressFramedOrRaw($0, limit: data.count) } == data)
            let framed = try data.withUnsafeBytes { try Snappy.compressXerial($0) }
            #expect(try framed.withUnsafeBytes { try Snappy.decompressFramedOrRaw($0, limit: data.count) } == data)
        }
    }

    @Test func snappyRejectsCorruptInput() throws {
        let data = Array(String(repeating: "snappy ", count: 3000).utf8)
        let raw = try data.withUnsafeBytes { try Snappy.compress($0) }
        #expect(throws: CodecError.self) { try Array(raw.prefix(raw.count / 2)).withUnsafeBytes { try Snappy.decompress($0, limit: data.count) } }
        #expect(throws: CodecError.self) { try [UInt8]().withUnsafeBytes { try Snappy.decompress($0, limit: 10) } }
        #expect(throws: CodecError.self) { try raw.withUnsafeBytes { try Snappy.decompress($0, limit: 10) } }
    }
}
