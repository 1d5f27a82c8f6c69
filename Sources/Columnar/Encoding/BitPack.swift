/// Packs unsigned integers of a fixed bit width (0...64) least-significant-bit first: value i occupies bits
/// [i*w, (i+1)*w) of the byte stream, bit 0 being the low bit of byte 0.
enum BitPack {
    /// Bytes needed for `count` values of `width` bits.
    @inline(__always) static func byteCount(count: Int, width: Int) -> Int { (count * width + 7) >> 3 }

    /// The smallest width that holds `maxValue`.
    @inline(__always) static func width(of maxValue: UInt64) -> Int { 64 - maxValue.leadingZeroBitCount }

    /// Appends `count` values produced by `value(i)` (each < 2^width) to `out`.
    @inline(__always)
    static func pack(count: Int, width: Int, into out: inout [UInt8], _ value: (Int) -> UInt64) {
        guard width > 0, count > 0 else { return }
        let n = byteCount(count: count, width: width)
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: n))
        out.withUnsafeMutableBytes { raw in
            let dst = UnsafeMutableRawBufferPointer(rebasing: raw[start..<(start + n)])
            var first = 0
            var pos = 0
            if width <= 8, let base = dst.baseAddress {
                // Narrow values (dictionary indices, validity, booleans): 8 values fill exactly `width` bytes, so
                // each group is one word, stored whole while 8 bytes fit (the next group overwrites the excess).
                let shift = UInt64(width)
                while first + 8 <= count {
                    var acc: UInt64 = 0
                    for j in 0..<8 { acc |= value(first + j) << (UInt64(j) &* shift) }
                    if pos + 8 <= n {
                        (base + pos).storeBytes(of: acc.littleEndian, as: UInt64.self)
                    } else {
                        for b in 0..<width { dst[pos + b] = UInt8(truncatingIfNeeded: acc >> UInt64(b * 8)) }
                    }
                    pos += width
                    first += 8
                }
            }
            var acc: UInt64 = 0
            var bits = 0
            for i in first..<count {
                let v = value(i)
                acc |= v << UInt64(bits)
                if bits + width >= 64 {
                    dst.storeBytes(of: acc.littleEndian, toByteOffset: pos, as: UInt64.self)
                    pos += 8
                    acc = bits == 0 ? 0 : v >> UInt64(64 - bits)
                    bits = bits + width - 64
                } else {
                    bits += width
                }
            }
            var i = 0
            while bits > 0 {
                dst[pos + i] = UInt8(truncatingIfNeeded: acc >> UInt64(i * 8))
                i += 1
                bits -= 8
            }
        }
    }

    /// Reads `count` values of `width` bits from `src` (which must hold `byteCount(count:width:)` bytes) and
    /// passes each to `sink(i, value)`.
    @inline(__always)
    static func unpack(_ src: UnsafeRawBufferPointer, count: Int, width: Int, _ sink: (Int, UInt64) -> Void) {
        guard width > 0 else {
            for i in 0..<count { sink(i, 0) }
            return
        }
        let mask: UInt64 = width == 64 ? ~0 : (1 << UInt64(width)) - 1
        // Whole groups of 8 values start on a byte boundary (8 values fill exactly `width` bytes), so within a
        // group every value's position is a constant of the width: no per-value bounds test. A group is taken
        // here while all 8-byte loads of it stay inside `src` (its last byte + 8 more).
        var first = 0
        if width <= 56, let base = src.baseAddress {
            let groups = Swift.min(count / 8, src.count >= width + 7 ? (src.count - width - 7) / width + 1 : 0)
            if width <= 8 {
                // All 8 values in one word.
                let w = UInt64(width)
                for g in 0..<groups {
                    let word = UInt64(littleEndian: (base + g &* width).loadUnaligned(as: UInt64.self))
                    let at = g &* 8
                    sink(at, word & mask)
                    sink(at &+ 1, (word >> w) & mask)
                    sink(at &+ 2, (word >> (2 &* w)) & mask)
                    sink(at &+ 3, (word >> (3 &* w)) & mask)
                    sink(at &+ 4, (word >> (4 &* w)) & mask)
                    sink(at &+ 5, (word >> (5 &* w)) & mask)
                    sink(at &+ 6, (word >> (6 &* w)) & mask)
                    sink(at &+ 7, (word >> (7 &* w)) & mask)
                }
            } else {
                for g in 0..<groups {
                    let group = base + g &* width
                    let at = g &* 8
                    var bit = 0
                    for j in 0..<8 {
                        let word = UInt64(littleEndian: (group + (bit >> 3)).loadUnaligned(as: UInt64.self))
                        sink(at &+ j, (word >> UInt64(bit & 7)) & mask)
                        bit &+= width
                    }
                }
            }
            first = groups * 8
        }
        let fastEnd = src.count - 8
        var bit = first * width
        for i in first..<count {
            let byte = bit >> 3
            let shift = bit & 7
            var v: UInt64
            if byte <= fastEnd {
                v = UInt64(littleEndian: src.loadUnaligned(fromByteOffset: byte, as: UInt64.self)) >> UInt64(shift)
                if shift + width > 64 { v |= UInt64(src[byte + 8]) << UInt64(64 - shift) }
            } else {
                v = 0
                var k = 0
                while byte + k < src.count && k < 8 {
                    v |= UInt64(src[byte + k]) << UInt64(k * 8)
                    k += 1
                }
                v >>= UInt64(shift)
            }
            sink(i, v & mask)
            bit += width
        }
    }
}
