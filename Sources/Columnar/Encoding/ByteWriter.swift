/// Appends little-endian integers, LEB128 varints and length-prefixed strings to a growing byte buffer.
struct ByteWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    var count: Int { bytes.count }

    mutating func u8(_ v: UInt8) { bytes.append(v) }

    mutating func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }

    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }

    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }

    /// Unsigned LEB128.
    mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func varint(_ v: Int) { varint(UInt64(max(v, 0))) }

    /// Zigzag-encoded signed LEB128.
    mutating func zigzag(_ v: Int64) { varint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }

    /// Varint length, then the bytes.
    mutating func blob(_ b: UnsafeRawBufferPointer) {
        varint(b.count)
        bytes.append(contentsOf: b)
    }

    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { blob(UnsafeRawBufferPointer($0)) }
    }

    /// Appends a copy of `range` of the bytes already written (copied aside first: appending a slice of `bytes`
    /// to itself would copy the whole buffer, which the slice keeps shared).
    mutating func repeatBytes(_ range: Range<Int>) {
        withUnsafeTemporaryAllocation(byteCount: range.count, alignment: 1) { tmp in
            bytes.withUnsafeBytes { tmp.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[range])) }
            bytes.append(contentsOf: UnsafeRawBufferPointer(tmp))
        }
    }

    mutating func append(_ b: UnsafeRawBufferPointer) { bytes.append(contentsOf: b) }
    mutating func append(_ b: [UInt8]) { bytes.append(contentsOf: b) }
}
