/// Appends Kafka primitive types to a growing buffer, big-endian, with the compact encodings of flexible
/// versions when `flexible` is set.
public struct WireWriter: Sendable {
    public private(set) var bytes: [UInt8]
    public var flexible: Bool

    public init(capacity: Int = 256, flexible: Bool = false) {
        bytes = []
        bytes.reserveCapacity(capacity)
        self.flexible = flexible
    }

    /// A writer that appends to existing bytes.
    public init(wrapping bytes: [UInt8], flexible: Bool = false) {
        self.bytes = bytes
        self.flexible = flexible
    }

    public var count: Int { bytes.count }

    @inline(__always)
    private mutating func writeBigEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func writeInt8(_ v: Int8) { bytes.append(UInt8(bitPattern: v)) }
    public mutating func writeInt16(_ v: Int16) { writeBigEndian(v) }
    public mutating func writeInt32(_ v: Int32) { writeBigEndian(v) }
    public mutating func writeInt64(_ v: Int64) { writeBigEndian(v) }
    public mutating func writeUInt32(_ v: UInt32) { writeBigEndian(v) }
    public mutating func writeBool(_ v: Bool) { bytes.append(v ? 1 : 0) }
    public mutating func writeUUID(_ v: [UInt8]) {
        bytes.append(contentsOf: v.prefix(16))
        if v.count < 16 { bytes.append(contentsOf: repeatElement(0, count: 16 - v.count)) }
    }
    public mutating func writeRaw<C: Collection>(_ raw: C) where C.Element == UInt8 { bytes.append(contentsOf: raw) }

    public mutating func writeUnsignedVarint(_ v: UInt32) { writeUnsignedVarlong(UInt64(v)) }
    public mutating func writeUnsignedVarlong(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }
    public mutating func writeVarint(_ v: Int32) {
        writeUnsignedVarint(UInt32(bitPattern: (v << 1) ^ (v >> 31)))
    }
    public mutating func writeVarlong(_ v: Int64) {
        writeUnsignedVarlong(UInt64(bitPattern: (v << 1) ^ (v >> 63)))
    }

    /// A length prefix for nullable strings (`wide` = false) and bytes (`wide` = true); nil writes null.
    private mutating func writeLength(_ n: Int?, wide: Bool) {
        if flexible {
            writeUnsignedVarint(n.map { UInt32(truncatingIfNeeded: $0 + 1) } ?? 0)
        } else if wide {
            writeInt32(n.map { Int32(truncatingIfNeeded: $0) } ?? -1)
        } else {
            writeInt16(n.map { Int16(truncatingIfNeeded: $0) } ?? -1)
        }
    }

    public mutating func writeNullableString(_ s: String?) {
        guard let s else { return writeLength(nil, wide: false) }
        let utf8 = s.utf8
        writeLength(utf8.count, wide: false)
        bytes.append(contentsOf: utf8)
    }
    public mutating func writeString(_ s: String) { writeNullableString(s) }

    public mutating func writeNullableBytes<C: Collection>(_ b: C?) where C.Element == UInt8 {
        guard let b else { return writeLength(nil, wide: true) }
        writeLength(b.count, wide: true)
        bytes.append(contentsOf: b)
    }
    public mutating func writeBytes<C: Collection>(_ b: C) where C.Element == UInt8 { writeNullableBytes(b) }

    /// An array count; nil writes a null array.
    public mutating func writeArrayCount(_ n: Int?) { writeLength(n, wide: true) }

    public mutating func writeArray<T>(_ items: [T], _ element: (inout WireWriter, T) -> Void) {
        writeArrayCount(items.count)
        for item in items { element(&self, item) }
    }

    /// An empty tagged-field section (flexible versions only).
    public mutating func writeEmptyTaggedFields() {
        if flexible { bytes.append(0) }
    }

    /// Overwrites 4 bytes at `offset` with `v` big-endian (size and CRC fields filled in after the body).
    public mutating func patchInt32(_ v: Int32, at offset: Int) {
        let be = UInt32(bitPattern: v).bigEndian
        withUnsafeBytes(of: be) { raw in
            for i in 0..<4 where offset + i < bytes.count { bytes[offset + i] = raw[i] }
        }
    }
}
