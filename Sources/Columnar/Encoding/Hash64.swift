/// The 64-bit hash of SwiftLake's bloom filters and dictionary builders (docs/FORMAT.md §7.1). Bytes are
/// read as little-endian 64-bit words, the last one zero-padded; each word is mixed into the state.
enum Hash64 {
    static let k1: UInt64 = 0x9E37_79B9_7F4A_7C15
    static let k2: UInt64 = 0xFF51_AFD7_ED55_8CCD
    static let k3: UInt64 = 0xC4CE_B9FE_1A85_EC53

    @inline(__always) static func fmix(_ k: UInt64) -> UInt64 {
        var k = k
        k ^= k >> 33
        k = k &* k2
        k ^= k >> 33
        k = k &* k3
        k ^= k >> 33
        return k
    }

    @inline(__always) static func step(_ h: UInt64, _ w: UInt64) -> UInt64 {
        ((h ^ fmix(w)) &* k1).rotateLeft(27)
    }

    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        guard let p = bytes.baseAddress else { return fmix(0) }
        return hash(p, count: bytes.count, readable: bytes.count)
    }

    /// The hash of the `count` bytes at `p`, of which `readable` (at least `count`) may be read: with 8
    /// readable bytes at the last partial word, it is loaded whole and masked instead of byte by byte.
    @inline(__always) static func hash(_ p: UnsafeRawPointer, count: Int, readable: Int) -> UInt64 {
        var h = UInt64(count) &* k1
        var i = 0
        while i + 8 <= count {
            h = step(h, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i += 8
        }
        if i < count { h = step(h, p.partialWord(at: i, count: count - i, readable: readable)) }
        return fmix(h)
    }

    /// The hash of a fixed-width value: its `width` little-endian bytes.
    @inline(__always) static func hash(bits: UInt64, width: Int) -> UInt64 {
        fmix(step(UInt64(width) &* k1, bits))
    }
}

extension UInt64 {
    @inline(__always) func rotateLeft(_ n: UInt64) -> UInt64 { (self << n) | (self >> (64 - n)) }
}
