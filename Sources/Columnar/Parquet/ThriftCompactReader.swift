/// Wire types of the Thrift compact protocol (the low nibble of a field header or list header).
package enum ThriftType: UInt8, Sendable {
    case stop = 0, boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7
    case binary = 8, list = 9, set = 10, map = 11, structure = 12
}

/// A bounds-checked reader of the Thrift compact protocol over borrowed bytes.
///
/// Parquet stores its footer, page headers and bloom filter headers this way. Every read checks the remaining
/// length, varints are limited to their type's width, collection counts are bounded by the bytes left (each
/// element takes at least one byte), and nesting is limited, so hostile input yields a `ParquetError`.
package struct ThriftCompactReader: ~Copyable {
    /// The deepest struct/collection nesting accepted; Parquet metadata needs about 6.
    static let maxDepth = 32

    private let bytes: UnsafeRawBufferPointer
    /// Offset of the next unread byte.
    package private(set) var position: Int
    /// Names the structure being decoded in errors.
    package var structure: String
    private var lastFieldId: Int16 = 0
    private var depth = 0

    package init(_ bytes: UnsafeRawBufferPointer, at position: Int = 0, structure: String) {
        self.bytes = bytes
        self.position = position
        self.structure = structure
    }

    // MARK: errors

    func malformed(_ detail: String) -> ParquetError {
        .malformedThrift(structure: structure, offset: position, detail: detail)
    }

    private func truncated() -> ParquetError { .truncatedThrift(structure: structure, offset: position) }

    // MARK: primitives

    package mutating func readByte() throws(ParquetError) -> UInt8 {
        guard position < bytes.count else { throw truncated() }
        let b = bytes[position]
        position &+= 1
        return b
    }

    mutating func readVarint(maxBits: Int) throws(ParquetError) -> UInt64 {
        var result: UInt64 = 0
        var shift = 0
        while true {
            let b = try readByte()
            guard shift < maxBits else { throw malformed("varint longer than \(maxBits) bits") }
            result |= UInt64(b & 0x7F) << UInt64(shift)
            if b & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func readZigzag(maxBits: Int) throws(ParquetError) -> Int64 {
        let u = try readVarint(maxBits: maxBits)
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    private mutating func zigzagI16() throws(ParquetError) -> Int16 {
        let v = try readZigzag(maxBits: 16)
        guard let r = Int16(exactly: v) else { throw malformed("i16 out of range") }
        return r
    }

    // MARK: typed field values (the wire type is checked against the schema's)

    private func expect(_ actual: ThriftType, _ wanted: ThriftType) throws(ParquetError) {
        guard actual == wanted else { throw malformed("wire type \(actual) where \(wanted) was expected") }
    }

    package mutating func readBool(_ type: ThriftType) throws(ParquetError) -> Bool {
        switch type {
        case .boolTrue: return true
        case .boolFalse: return false
        default: throw malformed("wire type \(type) where bool was expected")
        }
    }

    /// A bool that is a list element: one byte, 1 for true.
    package mutating func readListBool() throws(ParquetError) -> Bool { try readByte() == 1 }

    package mutating func readI8(_ type: ThriftType) throws(ParquetError) -> Int8 {
        try expect(type, .byte)
        return Int8(bitPattern: try readByte())
    }

    package mutating func readI16(_ type: ThriftType) throws(ParquetError) -> Int16 {
        try expect(type, .i16)
        return try zigzagI16()
    }

    package mutating func readI32(_ type: ThriftType) throws(ParquetError) -> Int32 {
        try expect(type, .i32)
        let v = try readZigzag(maxBits: 35)
        guard let r = Int32(exactly: v) else { throw malformed("i32 out of range") }
        return r
    }

    package mutating func readI64(_ type: ThriftType) throws(ParquetError) -> Int64 {
        try expect(type, .i64)
        return try readZigzag(maxBits: 70)
    }

    package mutating func readDouble(_ type: ThriftType) throws(ParquetError) -> Double {
        try expect(type, .double)
        guard bytes.count - position >= 8 else { throw truncated() }
        let bits = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
        position &+= 8
        return Double(bitPattern: bits)
    }

    package mutating func readBinary(_ type: ThriftType) throws(ParquetError) -> [UInt8] {
        try expect(type, .binary)
        let count = try readLength()
        let out = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[position..<position + count]))
        position &+= count
        return out
    }

    package mutating func readString(_ type: ThriftType) throws(ParquetError) -> String {
        try expect(type, .binary)
        let count = try readLength()
        let s = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[position..<position + count]), as: UTF8.self)
        position &+= count
        return s
    }

    /// A byte length that must fit in the remaining input.
    private mutating func readLength() throws(ParquetError) -> Int {
        let n = try readVarint(maxBits: 35)
        guard n <= UInt64(bytes.count - position) else { throw truncated() }
        return Int(n)
    }

    // MARK: structure

    /// Reads a struct's fields, calling `body` with each field id and wire type; `body` must consume the value
    /// (or call `skip`). Nested structs are read by calling `readStruct` again from inside `body`.
    package mutating func readStruct(
        _ body: (inout ThriftCompactReader, Int16, ThriftType) throws(ParquetError) -> Void
    ) throws(ParquetError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw ParquetError.thriftTooDeep(offset: position) }
        let savedLast = lastFieldId
        lastFieldId = 0
        while true {
            let header = try readByte()
            if header == 0 { break }
            guard let type = ThriftType(rawValue: header & 0x0F), type != .stop else {
                throw malformed("unknown wire type \(header & 0x0F)")
            }
            let delta = Int16(header >> 4)
            let id = delta != 0 ? lastFieldId &+ delta : try zigzagI16()
            lastFieldId = id
            try body(&self, id, type)
        }
        lastFieldId = savedLast
        depth -= 1
    }

    /// Checks that a struct-valued field has the struct wire type, then reads it.
    package mutating func readStruct(
        _ type: ThriftType, _ body: (inout ThriftCompactReader, Int16, ThriftType) throws(ParquetError) -> Void
    ) throws(ParquetError) {
        try expect(type, .structure)
        try readStruct(body)
    }

    /// Reads a list (or set) header: the element type and a count bounded by the remaining bytes.
    package mutating func readListHeader(_ type: ThriftType) throws(ParquetError) -> (ThriftType, Int) {
        guard type == .list || type == .set else { throw malformed("wire type \(type) where list was expected") }
        let header = try readByte()
        var count = Int(header >> 4)
        if count == 15 { count = Int(try readVarint(maxBits: 35)) }
        let raw = header & 0x0F
        // Some writers mark bool elements with either bool code.
        guard let element = ThriftType(rawValue: raw == 2 ? 1 : raw), element != .stop else {
            throw malformed("unknown list element type \(raw)")
        }
        guard count <= bytes.count - position else { throw truncated() }
        return (element, count)
    }

    /// Reads a list whose elements `element` decodes one by one.
    package mutating func readList<T>(
        _ type: ThriftType, _ element: (inout ThriftCompactReader, ThriftType) throws(ParquetError) -> T
    ) throws(ParquetError) -> [T] {
        let (elementType, count) = try readListHeader(type)
        depth += 1
        guard depth <= Self.maxDepth else { throw ParquetError.thriftTooDeep(offset: position) }
        var out: [T] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try element(&self, elementType)) }
        depth -= 1
        return out
    }

    /// Skips one value of `type`, however deep, within the nesting limit.
    package mutating func skip(_ type: ThriftType) throws(ParquetError) {
        switch type {
        case .stop: throw malformed("unexpected stop")
        case .boolTrue, .boolFalse: return
        case .byte: _ = try readByte()
        case .i16, .i32, .i64: _ = try readVarint(maxBits: 70)
        case .double:
            guard bytes.count - position >= 8 else { throw truncated() }
            position &+= 8
        case .binary:
            let n = try readLength()
            position &+= n
        case .list, .set:
            let (element, count) = try readListHeader(type)
            try nested { r throws(ParquetError) in
                for _ in 0..<count {
                    if element == .boolTrue { _ = try r.readByte() } else { try r.skip(element) }
                }
            }
        case .map:
            let count = Int(try readVarint(maxBits: 35))
            guard count <= bytes.count - position else { throw truncated() }
            if count == 0 { return }
            let kinds = try readByte()
            guard let key = ThriftType(rawValue: kinds >> 4), let value = ThriftType(rawValue: kinds & 0x0F) else {
                throw malformed("unknown map element types")
            }
            try nested { r throws(ParquetError) in
                for _ in 0..<count {
                    if key == .boolTrue || key == .boolFalse { _ = try r.readByte() } else { try r.skip(key) }
                    if value == .boolTrue || value == .boolFalse { _ = try r.readByte() } else { try r.skip(value) }
                }
            }
        case .structure:
            try readStruct { r, _, t throws(ParquetError) in try r.skip(t) }
        }
    }

    private mutating func nested(_ body: (inout ThriftCompactReader) throws(ParquetError) -> Void) throws(ParquetError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw ParquetError.thriftTooDeep(offset: position) }
        try body(&self)
        depth -= 1
    }
}
