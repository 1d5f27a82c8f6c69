#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bounds-checked reads of little-endian integers and varints from an untrusted buffer. Every failure
/// names `what` is being read and the absolute file offset (`base` + position) where it went wrong.
struct ByteReader {
    let buffer: UnsafeRawBufferPointer
    /// Absolute file offset of `buffer[0]`, for error messages.
    let base: Int
    /// What is read, or the column whose page `page` is read (formatted only for an error: reading a page must not
    /// pay for building a message it almost never needs).
    private let label: String
    private let page: Int
    private(set) var position = 0

    init(_ buffer: UnsafeRawBufferPointer, base: Int, what: String) {
        self.buffer = buffer
        self.base = base
        label = what
        page = -1
    }

    /// A reader of the body of page `page` of column `column`.
    init(_ buffer: UnsafeRawBufferPointer, base: Int, page: Int, column: String) {
        self.buffer = buffer
        self.base = base
        label = column
        self.page = page
    }

    var what: String { page < 0 ? label : Self.pageLabel(page, column: label) }

    static func pageLabel(_ page: Int, column: String) -> String { "page \(page) of column '\(column)'" }

    var remaining: Int { buffer.count - position }
    var offset: Int { base + position }
    var isAtEnd: Bool { position == buffer.count }

    func truncated(_ needed: Int) -> ColumnarError {
        .truncated(what: what, offset: offset, needed: needed, available: remaining)
    }

    func corrupt(_ detail: String) -> ColumnarError { .corrupt(what: what, offset: offset, detail: detail) }

    /// Whether the unread bytes start with `prefix`.
    func startsWith(_ prefix: UnsafeRawBufferPointer) -> Bool {
        guard prefix.count <= remaining else { return false }
        guard let a = prefix.baseAddress, let b = buffer.baseAddress else { return prefix.isEmpty }
        return memcmp(a, b + position, prefix.count) == 0
    }

    mutating func skip(_ n: Int) throws(ColumnarError) {
        guard n >= 0, n <= remaining else { throw truncated(n) }
        position += n
    }

    mutating func bytes(_ n: Int) throws(ColumnarError) -> UnsafeRawBufferPointer {
        guard n >= 0, n <= remaining else { throw truncated(n) }
        defer { position += n }
        return UnsafeRawBufferPointer(rebasing: buffer[position..<(position + n)])
    }

    mutating func u8() throws(ColumnarError) -> UInt8 {
        guard remaining >= 1 else { throw truncated(1) }
        defer { position += 1 }
        return buffer[position]
    }

    mutating func u16() throws(ColumnarError) -> UInt16 {
        guard remaining >= 2 else { throw truncated(2) }
        defer { position += 2 }
        return UInt16(littleEndian: buffer.loadUnaligned(fromByteOffset: position, as: UInt16.self))
    }

    mutating func u32() throws(ColumnarError) -> UInt32 {
        guard remaining >= 4 else { throw truncated(4) }
        defer { position += 4 }
        return UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: position, as: UInt32.self))
    }

    mutating func u64() throws(ColumnarError) -> UInt64 {
        guard remaining >= 8 else { throw truncated(8) }
        defer { position += 8 }
        return UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: position, as: UInt64.self))
    }

    /// Unsigned LEB128 of at most 10 bytes.
    mutating func varint() throws(ColumnarError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard remaining >= 1 else { throw truncated(1) }
            let b = buffer[position]
            position += 1
            if shift == 63 && b > 1 { throw corrupt("varint overflows 64 bits") }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw corrupt("varint longer than 10 bytes") }
        }
    }

    /// A varint that must be a count or size no larger than `limit`.
    mutating func count(_ name: String, limit: Int) throws(ColumnarError) -> Int {
        let at = offset
        let v = try varint()
        guard v <= UInt64(limit) else {
            throw .corrupt(what: what, offset: at, detail: "\(name) \(v) exceeds the limit \(limit)")
        }
        return Int(v)
    }

    mutating func zigzag() throws(ColumnarError) -> Int64 {
        let u = try varint()
        return Int64(bitPattern: u >> 1) ^ -Int64(bitPattern: u & 1)
    }

    /// A varint length (at most what remains), then that many bytes.
    mutating func blob() throws(ColumnarError) -> UnsafeRawBufferPointer {
        let n = try count("length", limit: remaining)
        return try bytes(n)
    }

    /// A length-prefixed string that must be valid UTF-8.
    mutating func string() throws(ColumnarError) -> String {
        let at = offset
        let b = try blob()
        guard let s = String(validating: b, as: UTF8.self) else {
            throw .corrupt(what: what, offset: at, detail: "string is not valid UTF-8")
        }
        return s
    }
}
