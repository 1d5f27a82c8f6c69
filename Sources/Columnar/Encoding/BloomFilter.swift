#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A split-block bloom filter (docs/FORMAT.md §7): 32-byte blocks of eight 32-bit words; a value's hash picks
/// one block from its high 32 bits and sets one bit in each word from its low 32 bits.
public struct BloomFilter: Sendable, Equatable {
    /// The filter's words, 8 per block.
    public private(set) var words: [UInt32]

    static let salts: [UInt32] = [
        0x8F3D_2C1B, 0x5B1E_7A93, 0xC2A4_6E5D, 0x31F7_9B27, 0xE6C8_1D4F, 0x7D53_B0A9, 0x1AB9_E463, 0xA4E2_5F85,
    ]

    public var blockCount: Int { words.count / 8 }
    public var byteCount: Int { words.count * 4 }

    /// A filter for about `distinctValues` values at false-positive rate `fpp`.
    public init(distinctValues: Int, fpp: Double = 0.01) {
        let n = Double(max(distinctValues, 1))
        let p = min(max(fpp, 1e-9), 0.5)
        // Bits per value for a split-block filter with 8 bits set per value.
        let bits = -8.0 * n / log(1.0 - pow(p, 1.0 / 8.0))
        let blocks = max(1, min(Int((bits / 256.0).rounded(.up)), 1 << 22))
        words = [UInt32](repeating: 0, count: blocks * 8)
    }

    /// Wraps words read from a file; `words.count` must be a positive multiple of 8.
    init(words: [UInt32]) { self.words = words }

    @inline(__always) mutating func insert(hash h: UInt64) { insert(count: 1) { _ in h } }

    /// Adds `hash(i)` for each `i` in `0..<count` (nil: nothing), with one borrow of the words for all of them.
    @inline(__always) mutating func insert(count: Int, _ hash: (Int) -> UInt64?) {
        let blocks = UInt64(blockCount)
        words.withUnsafeMutableBufferPointer { w in
            BloomFilter.salts.withUnsafeBufferPointer { salt in
                for i in 0..<count {
                    guard let h = hash(i) else { continue }
                    let block = Int(((h >> 32) &* blocks) >> 32) * 8
                    let key = UInt32(truncatingIfNeeded: h)
                    for j in 0..<8 { w[block + j] |= 1 << ((key &* salt[j]) >> 27) }
                }
            }
        }
    }

    @inline(__always) func contains(hash h: UInt64) -> Bool {
        let block = Int(((h >> 32) &* UInt64(blockCount)) >> 32)
        let key = UInt32(truncatingIfNeeded: h)
        for j in 0..<8 where words[block * 8 + j] & (1 << ((key &* BloomFilter.salts[j]) >> 27)) == 0 { return false }
        return true
    }

    /// Adds a value (nulls are not added).
    public mutating func insert(_ value: Value) {
        if let h = BloomFilter.hash(value) { insert(hash: h) }
    }

    /// False means no row holds `value`; true means some row may.
    public func mightContain(_ value: Value) -> Bool {
        guard let h = BloomFilter.hash(value) else { return true }
        return contains(hash: h)
    }

    /// The hash of a value as stored in a column (docs/FORMAT.md §7.1); nil for null.
    static func hash(_ value: Value) -> UInt64? {
        switch value {
        case .null: return nil
        case let .boolean(v): return Hash64.hash(bits: v ? 1 : 0, width: 1)
        case let .int32(v), let .date(v): return Hash64.hash(bits: UInt64(UInt32(bitPattern: v)), width: 4)
        case let .int64(v), let .timestamp(v): return Hash64.hash(bits: UInt64(bitPattern: v), width: 8)
        // -0.0 is hashed as +0.0 so that an equality probe finds both zeros.
        case let .float32(v): return Hash64.hash(bits: UInt64((v == 0 ? 0 : v).bitPattern), width: 4)
        case let .float64(v): return Hash64.hash(bits: (v == 0 ? 0 : v).bitPattern, width: 8)
        case var .string(s): return s.withUTF8 { Hash64.hash(UnsafeRawBufferPointer($0)) }
        case let .binary(b): return b.withUnsafeBytes { Hash64.hash($0) }
        }
    }
}
