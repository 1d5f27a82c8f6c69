import Foundation

/// Parquet's split-block bloom filter: 256-bit blocks of eight 32-bit words; a value's XXH64 hash picks a block
/// with its upper half and sets one bit in each word with its lower half times eight salts.
public struct SplitBlockBloomFilter: Sendable, Equatable {
    /// The filter's words, eight per block, little-endian on disk.
    private(set) var words: [UInt32]

    private static let salts: [UInt32] = [0x47B6_137B, 0x4497_4D91, 0x8824_AD5B, 0xA2B7_289D,
                                          0x7054_95C7, 0x2DF1_424B, 0x9EFC_4947, 0x5C6B_FB31]
    static let minimumBytes = 32
    static let maximumBytes = 128 * 1024 * 1024

    /// A filter sized for `distinct` values at false positive rate `fpp` (a power of two of 32 B ... 128 MiB).
    init(distinct: Int, fpp: Double) {
        let n = Double(Swift.max(distinct, 1))
        // Bits per the standard split-block bound: m = -8n / ln(1 - p^(1/8)).
        let bits = -8 * n / log(1 - pow(fpp, 1.0 / 8))
        var bytes = Self.minimumBytes
        while Double(bytes * 8) < bits && bytes < Self.maximumBytes { bytes *= 2 }
        words = [UInt32](repeating: 0, count: bytes / 4)
    }

    /// A filter over stored words (already validated to a power-of-two multiple of 32 bytes).
    init(words: [UInt32]) { self.words = words }

    var byteCount: Int { words.count * 4 }

    @inline(__always) private func block(_ hash: UInt64) -> Int {
        let blocks = UInt64(words.count / 8)
        return Int(((hash >> 32) &* blocks) >> 32) * 8
    }

    /// Adds a value by its hash.
    mutating func insert(hash: UInt64) {
        let b = block(hash)
        let key = UInt32(truncatingIfNeeded: hash)
        for i in 0..<8 { words[b + i] |= 1 << ((key &* Self.salts[i]) >> 27) }
    }

    /// Whether a value with this hash may have been added (false means certainly not).
    func mightContain(hash: UInt64) -> Bool {
        let b = block(hash)
        let key = UInt32(truncatingIfNeeded: hash)
        for i in 0..<8 where words[b + i] & (1 << ((key &* Self.salts[i]) >> 27)) == 0 { return false }
        return true
    }

    /// Whether `value` may be in the column (by the hash of its PLAIN encoding); nulls are never in a filter.
    public func mightContain(_ value: Value) -> Bool {
        guard let h = Self.hash(value) else { return false }
        return mightContain(hash: h)
    }

    /// The hash of a value's PLAIN encoding as its column stores it.
    static func hash(_ value: Value) -> UInt64? {
        switch value {
        case .null: return nil
        case let .boolean(b): return XXHash64.hash(UInt8(b ? 1 : 0))
        case let .int32(v), let .date(v): return XXHash64.hash(v)
        case let .int64(v), let .timestamp(v): return XXHash64.hash(v)
        case let .float32(v): return XXHash64.hash(v.bitPattern)
        case let .float64(v): return XXHash64.hash(v.bitPattern)
        case let .string(s):
            var s = s
            return s.withUTF8 { XXHash64.hash(UnsafeRawBufferPointer($0)) }
        case let .binary(b): return b.withUnsafeBytes { XXHash64.hash($0) }
        }
    }

    /// The header and bitset as stored in a file.
    func serialized() -> [UInt8] {
        var w = ThriftCompactWriter()
        w.writeStruct { w in
            w.field(1, i32: Int32(byteCount))
            w.field(2) { w in w.field(1, structure: { _ in }) }
            w.field(3) { w in w.field(1, structure: { _ in }) }
            w.field(4) { w in w.field(1, structure: { _ in }) }
        }
        var out = w.bytes
        out.reserveCapacity(out.count + byteCount)
        for word in words { withUnsafeBytes(of: word.littleEndian) { out.append(contentsOf: $0) } }
        return out
    }

    /// Parses a stored filter: header, then bitset. Rejects algorithms, hashes and compressions other than
    /// split-block, XXH64 and uncompressed.
    init(parsing bytes: UnsafeRawBufferPointer) throws(ParquetError) {
        var r = ThriftCompactReader(bytes, structure: "BloomFilterHeader")
        var numBytes: Int32?
        var known = [false, false, false]
        try r.readStruct { r, id, t throws(ParquetError) in
            switch id {
            case 1: numBytes = try r.readI32(t)
            case 2, 3, 4:
                try r.readStruct(t) { r, member, t throws(ParquetError) in
                    if member == 1 { known[Int(id) - 2] = true }
                    try r.skip(t)
                }
            default: try r.skip(t)
            }
        }
        guard known.allSatisfy({ $0 }) else { throw .unsupported("bloom filter other than split-block/XXH64/uncompressed") }
        guard let n = numBytes, n >= Int32(Self.minimumBytes), Int(n) <= Self.maximumBytes, n & (n - 1) == 0 else {
            throw .invalidMetadata("bloom filter of \(numBytes ?? -1) bytes")
        }
        let start = r.position
        guard bytes.count - start >= Int(n) else { throw .truncatedThrift(structure: "bloom filter bitset", offset: start) }
        var words = [UInt32](repeating: 0, count: Int(n) / 4)
        for i in words.indices {
            words[i] = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: start + i * 4, as: UInt32.self))
        }
        self.init(words: words)
    }
}
