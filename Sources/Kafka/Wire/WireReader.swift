/// A bounds-checked cursor over a received Kafka frame.
///
/// Every read validates the remaining length first and throws ``KafkaError`` instead of trapping, so a
/// truncated or hostile frame can never crash the process. Byte fields come back as `ArraySlice`s that
/// share the frame's storage, so decoding a fetch response copies no keys or values.
///
/// `flexible` selects the compact encodings (unsigned-varint lengths) that flexible message versions use.
public struct WireReader: Sendable {
    /// The whole frame; reads never go past `end`.
    public let buffer: [UInt8]
    /// The next byte to read.
    public private(set) var offset: Int
    /// One past the last readable byte.
    public let end: Int
    /// Whether strings, bytes and arrays use the compact (flexible-version) encodings.
    public var flexible: Bool

    public init(_ buffer: [UInt8], flexible: Bool = false) {
        self.buffer = buffer
        self.offset = 0
        self.end = buffer.count
        self.flexible = flexible
    }

    /// A reader over `buffer[range]`; offsets in errors stay relative to `buffer`.
    public init(_ buffer: [UInt8], range: Range<Int>, flexible: Bool = false) {
        self.buffer = buffer
        let lower = Swift.min(Swift.max(range.lowerBound, 0), buffer.count)
        self.offset = lower
        self.end = Swift.max(lower, Swift.min(range.upperBound, buffer.count))
        self.flexible = flexible
    }

    /// Bytes left to read.
    public var remaining: Int { end - offset }
    public var isAtEnd: Bool { offset >= end }

    @inline(__always)
    mutating func require(_ n: Int) throws(KafkaError) {
        guard n >= 0, end - offset >= n else { throw .truncated(offset: offset, needed: n) }
    }

    public mutating func skip(_ n: Int) throws(KafkaError) {
        try require(n)
        offset += n
    }

    @inline(__always)
    private mutating func readBigEndian<T: FixedWidthInteger>(_: T.Type) throws(KafkaError) -> T {
        let size = MemoryLayout<T>.size
        try require(size)
        let value = buffer.withUnsafeBytes { T(bigEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
        offset += size
        return value
    }

    public mutating func readInt8() throws(KafkaError) -> Int8 { try readBigEndian(Int8.self) }
    public mutating func readInt16() throws(KafkaError) -> Int16 { try readBigEndian(Int16.self) }
    public mutating func readInt32() throws(KafkaError) -> Int32 { try readBigEndian(Int32.self) }
    public mutating func readInt64() throws(KafkaError) -> Int64 { try readBigEndian(Int64.self) }
    public mutating func readUInt32() throws(KafkaError) -> UInt32 { try readBigEndian(UInt32.self) }
    public mutating func readBool() throws(KafkaError) -> Bool { try readInt8() != 0 }

    /// A 16-byte UUID (topic ids), as raw bytes.
    public mutating func readUUID() throws(KafkaError) -> [UInt8] {
        try require(16)
        defer { offset += 16 }
        return Array(buffer[offset..<offset + 16])
    }

    /// An unsigned LEB128 varint of at most 5 bytes (32 bits).
    public mutating func readUnsignedVarint() throws(KafkaError) -> UInt32 {
        let start = offset
        var result: UInt32 = 0
        var shift: UInt32 = 0
        while true {
            guard offset < end else { throw .truncated(offset: offset, needed: 1) }
            let byte = buffer[offset]
            offset += 1
            if shift == 28 && byte > 0x0F { throw .invalidVarint(offset: start) }
            result |= UInt32(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// An unsigned LEB128 varint of at most 10 bytes (64 bits).
    public mutating func readUnsignedVarlong() throws(KafkaError) -> UInt64 {
        let start = offset
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { throw .truncated(offset: offset, needed: 1) }
            let byte = buffer[offset]
            offset += 1
            if shift == 63 && byte > 0x01 { throw .invalidVarint(offset: start) }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// A zig-zag signed varint (record fields).
    public mutating func readVarint() throws(KafkaError) -> Int32 {
        let u = try readUnsignedVarint()
        return Int32(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    /// A zig-zag signed varlong (record timestamps).
    public mutating func readVarlong() throws(KafkaError) -> Int64 {
        let u = try readUnsignedVarlong()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    /// A length prefix: int16/int32 in classic versions, unsigned varint minus one in flexible ones.
    /// Returns nil for a null (-1) length; validates the length against the bytes left.
    private mutating func readLength(wide: Bool) throws(KafkaError) -> Int? {
        let at = offset
        let length: Int
        if flexible {
            let raw = try readUnsignedVarint()
            if raw == 0 { return nil }
            length = Int(raw) - 1
        } else {
            length = wide ? Int(try readInt32()) : Int(try readInt16())
            if length == -1 { return nil }
        }
        guard length >= 0, length <= remaining else { throw .invalidLength(offset: at, value: length) }
        return length
    }

    private mutating func readUTF8(count: Int) throws(KafkaError) -> String {
        let at = offset
        try require(count)
        offset += count
        guard let s = String(validating: buffer[at..<at + count], as: UTF8.self) else { throw .invalidString(offset: at) }
        return s
    }

    /// A nullable string (int16 length, or compact when `flexible`).
    public mutating func readNullableString() throws(KafkaError) -> String? {
        guard let n = try readLength(wide: false) else { return nil }
        return try readUTF8(count: n)
    }

    /// A non-null string; a null on the wire reads as "" (brokers send null where the schema says empty).
    public mutating func readString() throws(KafkaError) -> String {
        try readNullableString() ?? ""
    }

    /// Nullable bytes (int32 length, or compact when `flexible`), sharing the frame's storage.
    public mutating func readNullableBytes() throws(KafkaError) -> ArraySlice<UInt8>? {
        try readNullableBytesRange().map { buffer[$0] }
    }

    /// Nullable bytes, as their position in `buffer`.
    public mutating func readNullableBytesRange() throws(KafkaError) -> Range<Int>? {
        guard let n = try readLength(wide: true) else { return nil }
        defer { offset += n }
        return offset..<offset + n
    }

    public mutating func readBytes() throws(KafkaError) -> ArraySlice<UInt8> {
        try readNullableBytes() ?? []
    }

    /// An array count (int32, or compact when `flexible`); nil for a null array. Each element takes at least
    /// one byte, so a count above the bytes left is rejected before anything is allocated.
    public mutating func readArrayCount() throws(KafkaError) -> Int? {
        let at = offset
        let count: Int
        if flexible {
            let raw = try readUnsignedVarint()
            if raw == 0 { return nil }
            count = Int(raw) - 1
        } else {
            count = Int(try readInt32())
            if count == -1 { return nil }
        }
        guard count >= 0, count <= remaining else { throw .invalidLength(offset: at, value: count) }
        return count
    }

    /// Reads an array with `element`; a null array reads as empty.
    public mutating func readArray<T>(_ element: (inout WireReader) throws(KafkaError) -> T) throws(KafkaError) -> [T] {
        guard let count = try readArrayCount() else { return [] }
        var out: [T] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try element(&self)) }
        return out
    }

    /// Skips the tagged-field section that ends every flexible structure (no-op in classic versions).
    public mutating func skipTaggedFields() throws(KafkaError) {
        guard flexible else { return }
        let count = try readUnsignedVarint()
        guard Int(count) <= remaining else { throw .invalidLength(offset: offset, value: Int(count)) }
        for _ in 0..<count {
            _ = try readUnsignedVarint()
            let size = Int(try readUnsignedVarint())
            try skip(size)
        }
    }

    /// Throws unless every byte was consumed.
    public func expectEnd() throws(KafkaError) {
        guard offset == end else { throw .trailingBytes(offset: offset, count: end - offset) }
    }
}
