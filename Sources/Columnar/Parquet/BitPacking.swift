/// Little-endian, least-significant-bit-first bit packing: the layout of Parquet's bit-packed runs and of
/// DELTA_BINARY_PACKED miniblocks.
enum BitPacking {
    /// Unpacks `count` values of `bitWidth` (0...64) bits starting at byte `offset` of `bytes` into `out`.
    /// The caller guarantees `offset + (count * bitWidth + 7) / 8 <= bytes.count`.
    @inline(__always)
    static func unpack<T: FixedWidthInteger>(
        _ bytes: UnsafeRawBufferPointer, offset: Int, bitWidth: Int, count: Int, into out: UnsafeMutablePointer<T>
    ) {
        if bitWidth == 0 {
            out.initialize(repeating: 0, count: count)
            return
        }
        let mask: UInt64 = bitWidth == 64 ? ~0 : (1 << UInt64(bitWidth)) &- 1
        let end = bytes.count
        guard let base = bytes.baseAddress else { return }
        var bit = offset &* 8
        var i = 0
        // Fast path: a whole 8-byte load covers the value (width <= 56 always; wider only when aligned).
        while i < count {
            let byte = bit >> 3
            let shift = UInt64(bit & 7)
            if byte &+ 8 <= end && UInt64(bitWidth) &+ shift <= 64 {
                let word = UInt64(littleEndian: (base + byte).loadUnaligned(as: UInt64.self))
                out[i] = T(truncatingIfNeeded: (word >> shift) & mask)
            } else {
                out[i] = T(truncatingIfNeeded: slowRead(base, end: end, bit: bit, bitWidth: bitWidth))
            }
            bit &+= bitWidth
            i &+= 1
        }
    }

    /// Reads one value bit by byte, for the tail of a buffer and for wide unaligned values.
    @inline(never)
    static func slowRead(_ base: UnsafeRawPointer, end: Int, bit: Int, bitWidth: Int) -> UInt64 {
        var value: UInt64 = 0
        var got = 0
        var b = bit
        while got < bitWidth {
            let byte = b >> 3
            let shift = b & 7
            let available = Swift.min(8 - shift, bitWidth - got)
            let raw = byte < end ? UInt64(base.load(fromByteOffset: byte, as: UInt8.self)) : 0
            let piece = (raw >> UInt64(shift)) & ((1 << UInt64(available)) - 1)
            value |= piece << UInt64(got)
            got += available
            b += available
        }
        return value
    }

    /// Appends `count` values of `bitWidth` bits (0...64) packed LSB-first to `out`, padding the last byte with zeros.
    static func pack<T: FixedWidthInteger>(_ values: UnsafePointer<T>, count: Int, bitWidth: Int, into out: inout [UInt8]) {
        guard bitWidth > 0, count > 0 else { return }
        let mask: UInt64 = bitWidth == 64 ? ~0 : (1 << UInt64(bitWidth)) &- 1
        var acc: UInt64 = 0
        var filled = 0
        out.reserveCapacity(out.count + (count * bitWidth + 7) / 8)
        for i in 0..<count {
            let v = UInt64(truncatingIfNeeded: values[i]) & mask
            acc |= v << UInt64(filled)
            let total = filled + bitWidth
            if total >= 64 {
                withUnsafeBytes(of: acc.littleEndian) { out.append(contentsOf: $0) }
                // The bits of v that did not fit in the flushed word.
                acc = filled == 0 ? 0 : v >> UInt64(64 - filled)
                filled = total - 64
            } else {
                filled = total
            }
        }
        var remaining = (filled + 7) / 8
        while remaining > 0 {
            out.append(UInt8(truncatingIfNeeded: acc))
            acc >>= 8
            remaining -= 1
        }
    }

    /// The number of bits needed to hold `value`.
    @inline(__always)
    static func width(_ value: UInt64) -> Int { 64 - value.leadingZeroBitCount }
}
