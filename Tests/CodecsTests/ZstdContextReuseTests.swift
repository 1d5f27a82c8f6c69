import Testing
import Foundation
import Codecs

/// Zstd decompression contexts are pooled: a context that failed on corrupt input, or that many threads used
/// in turn, must decode the next frame exactly.
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
