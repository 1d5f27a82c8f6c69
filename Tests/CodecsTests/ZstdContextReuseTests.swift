import Testing
import Foundation
import Codecs

/// Zstd contexts are pooled: a context that failed on corrupt input, or that many threads used in turn, must
/// decode the next frame exactly; a compression context must compress with its new user's parameters.
@Suite struct ZstdContextReuseTests {
    static func data(_ seed: UInt8, _ n: Int) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) } }

    @Test func contextsDecodeCorrectlyAfterFailures() throws {
        let a = Self.data(1, 70_000), b = Self.data(2, 5_000)
        let ca = try Zstd.compress(a), cb = try Zstd.compress(b, level: 9)
        for _ in 0..<50 {
            #expect(throws: CodecError.self) { try Zstd.decompress(Array(ca.prefix(ca.count / 2)), expectedSize: a.count) }
            #expect(throws: CodecError.self) { try Zstd.decompress(ca, expectedSize: a.count - 1) }
            #expect(try Zstd.decompress(cb, expectedSize: b.count) == b)
            let d = try Zstd.Decompressor()
            #expect(try ca.withUnsafeBytes { try d.decompress($0, expectedSize: a.count) } == a)
        }
    }

    /// Decompressing into a caller's (reused) buffer: exact bytes and size, and a frame larger than the buffer
    /// is an error, not a write past its end (the bytes after the buffer stay untouched).
    @Test func decompressesIntoACallerBuffer() throws {
        let a = Self.data(3, 40_000), b = Self.data(4, 900)
        let ca = try Zstd.compress(a), cb = try Zstd.compress(b)
        let d = try Zstd.Decompressor()
        var buffer = [UInt8](repeating: 0xAA, count: 50_000)
        let n = try buffer.withUnsafeMutableBytes { out in try ca.withUnsafeBytes { try d.decompress($0, into: out) } }
        // (zstd may use the buffer past the output as scratch space for literals, so only the output is checked.)
        #expect(n == a.count && Array(buffer[0..<n]) == a)
        let m = try buffer.withUnsafeMutableBytes { out in try cb.withUnsafeBytes { try d.decompress($0, into: out) } }
        #expect(m == b.count && Array(buffer[0..<m]) == b)
        var fresh = [UInt8](repeating: 0xAA, count: 50_000)
        #expect(throws: CodecError.outputLimitExceeded(codec: "zstd", limit: a.count - 1)) {
            try fresh.withUnsafeMutableBytes { out in
                try ca.withUnsafeBytes { try d.decompress($0, into: UnsafeMutableRawBufferPointer(rebasing: out[0..<(a.count - 1)])) }
            }
        }
        #expect(fresh[(a.count - 1)...].allSatisfy { $0 == 0xAA })
        #expect(throws: CodecError.self) {
            try buffer.withUnsafeMutableBytes { out in try Array(ca.prefix(10)).withUnsafeBytes { try d.decompress($0, into: out) } }
        }
    }

    /// Compression contexts are pooled too: a context's next user gets its own level and checksum setting, not
    /// those of the previous one, and every frame decodes exactly.
    @Test func pooledCompressorsTakeTheirOwnParameters() throws {
        let input = Self.data(5, 20_000)
        // Frame header descriptor (after the 4-byte magic): bit 2 is the content checksum flag.
        func hasChecksum(_ frame: [UInt8]) -> Bool { frame.count > 4 && frame[4] & 0x04 != 0 }
        for round in 0..<20 {
            let checksum = round % 2 == 0
            let c = try Zstd.Compressor(level: [19, 1, 3, 9][round % 4], checksum: checksum)
            let frame = try input.withUnsafeBytes { try c.compress($0) }
            #expect(hasChecksum(frame) == checksum, "round \(round)")
            #expect(try Zstd.decompress(frame, expectedSize: input.count) == input)
        }
        // Held at once, contexts are distinct: interleaved use gives the same frames as one at a time.
        let a = try Zstd.Compressor(level: 1, checksum: false), b = try Zstd.Compressor(level: 19, checksum: true)
        let fa = try input.withUnsafeBytes { try a.compress($0) }, fb = try input.withUnsafeBytes { try b.compress($0) }
        #expect(!hasChecksum(fa) && hasChecksum(fb))
        #expect(try Zstd.decompress(fa, expectedSize: input.count) == input && Zstd.decompress(fb, expectedSize: input.count) == input)
        #expect(try input.withUnsafeBytes { try Zstd.Compressor(level: 19, checksum: true).compress($0) } == fb)
    }

    @Test func manyThreadsCompressWithThePool() throws {
        let inputs = (0..<8).map { Self.data(UInt8($0), 10_000 + $0 * 1_000) }
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 64) { i in
            let k = i % inputs.count
            do {
                let c = try Zstd.Compressor(level: Int32(1 + i % 5), checksum: i % 2 == 0)
                let frame = try inputs[k].withUnsafeBytes { try c.compress($0) }
                if try Zstd.decompress(frame, expectedSize: inputs[k].count) != inputs[k] { failures.add("frame \(k) decoded wrongly") }
            } catch { failures.add("\(error)") }
        }
        #expect(failures.all.isEmpty)
    }

    @Test func manyThreadsShareThePool() throws {
        let inputs = (0..<8).map { Self.data(UInt8($0), 10_000 + $0 * 1_000) }
        let frames = try inputs.map { try Zstd.compress($0) }
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 64) { i in
            let k = i % inputs.count
            do {
                let out = try Zstd.decompress(frames[k], expectedSize: inputs[k].count)
                if out != inputs[k] { failures.add("frame \(k) decoded wrongly") }
            } catch { failures.add("\(error)") }
        }
        #expect(failures.all.isEmpty)
    }

    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [String] = []
        func add(_ s: String) { lock.withLock { list.append(s) } }
        var all: [String] { lock.withLock { list } }
    }
}
