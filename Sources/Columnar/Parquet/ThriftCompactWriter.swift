/// A writer of the Thrift compact protocol into a growing byte array.
///
/// Struct fields are written in increasing id order by the callers, so field headers use the short
/// delta form whenever the gap is under 16.
package struct ThriftCompactWriter {
    package private(set) var bytes: [UInt8] = []
    private var lastFieldId: Int16 = 0
    private var savedIds: [Int16] = []

    package init() {}

    // MARK: primitives

    package mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    package mutating func writeZigzag(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    private mutating func fieldHeader(_ id: Int16, _ type: ThriftType) {
        let delta = id &- lastFieldId
        if delta > 0 && delta < 16 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            writeZigzag(Int64(id))
        }
        lastFieldId = id
    }

    // MARK: fields

    package mutating func field(_ id: Int16, bool value: Bool) {
        fieldHeader(id, value ? .boolTrue : .boolFalse)
    }

    package mutating func field(_ id: Int16, i8 value: Int8) {
        fieldHeader(id, .byte)
        bytes.append(UInt8(bitPattern: value))
    }

    package mutating func field(_ id: Int16, i16 value: Int16) {
        fieldHeader(id, .i16)
        writeZigzag(Int64(value))
    }

    package mutating func field(_ id: Int16, i32 value: Int32) {
        fieldHeader(id, .i32)
        writeZigzag(Int64(value))
    }

    package mutating func field(_ id: Int16, i64 value: Int64) {
        fieldHeader(id, .i64)
        writeZigzag(value)
    }

    package mutating func field(_ id: Int16, double value: Double) {
        fieldHeader(id, .double)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    package mutating func field(_ id: Int16, binary value: [UInt8]) {
        fieldHeader(id, .binary)
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    package mutating func field(_ id: Int16, string value: String) {
        fieldHeader(id, .binary)
        var s = value
        s.withUTF8 { utf8 in
            writeVarint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// Writes a struct-valued field whose fields `body` writes.
    package mutating func field(_ id: Int16, structure body: (inout ThriftCompactWriter) -> Void) {
        fieldHeader(id, .structure)
        writeStruct(body)
    }

    /// Writes a struct value (top level or list element): its fields, then the stop byte.
    package mutating func writeStruct(_ body: (inout ThriftCompactWriter) -> Void) {
        savedIds.append(lastFieldId)
        lastFieldId = 0
        body(&self)
        bytes.append(0)
        lastFieldId = savedIds.removeLast()
    }

    /// Writes a list field's header; the caller then writes `count` elements of `element` type.
    package mutating func field(_ id: Int16, listOf element: ThriftType, count: Int) {
        fieldHeader(id, .list)
        if count < 15 {
            bytes.append(UInt8(count) << 4 | element.rawValue)
        } else {
            bytes.append(0xF0 | element.rawValue)
            writeVarint(UInt64(count))
        }
    }

    /// A list element of an integer list.
    package mutating func element(i32 value: Int32) { writeZigzag(Int64(value)) }

    /// A list element of an i64 list.
    package mutating func element(i64 value: Int64) { writeZigzag(value) }

    /// A list element of a binary or string list.
    package mutating func element(string value: String) {
        var s = value
        s.withUTF8 { utf8 in
            writeVarint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// A list element of a binary list.
    package mutating func element(binary value: [UInt8]) {
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// A list element of a bool list (one byte: 1 true, 2 false, as the reference implementations write).
    package mutating func element(bool value: Bool) { bytes.append(value ? 1 : 2) }
}
