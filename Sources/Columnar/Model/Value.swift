#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One typed value, for reading single values and rows, building rows, statistics and predicates.
/// Not for bulk work: use the column vectors for that. A `json` column's values are `.string`.
public enum Value: Sendable, CustomStringConvertible {
    case null
    case boolean(Bool)
    case int32(Int32)
    case int64(Int64)
    case float32(Float)
    case float64(Double)
    case string(String)
    case binary([UInt8])
    /// Days since 1970-01-01.
    case date(Int32)
    /// Microseconds since 1970-01-01T00:00:00Z.
    case timestamp(Int64)

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// A short name of the value's kind, for error messages.
    public var kind: String {
        switch self {
        case .null: return "null"
        case .boolean: return "boolean"
        case .int32: return "int32"
        case .int64: return "int64"
        case .float32: return "float32"
        case .float64: return "float64"
        case .string: return "string"
        case .binary: return "binary"
        case .date: return "date"
        case .timestamp: return "timestamp"
        }
    }

    /// Whether this value can be stored in a column of `type` (null fits every type).
    public func fits(_ type: DataType) -> Bool {
        switch (self, type) {
        case (.null, _), (.boolean, .boolean), (.int32, .int32), (.int64, .int64), (.float32, .float32),
             (.float64, .float64), (.string, .string), (.string, .json), (.binary, .binary), (.date, .date),
             (.timestamp, .timestamp):
            return true
        default:
            return false
        }
    }

    public var description: String {
        switch self {
        case .null: return "null"
        case let .boolean(v): return "\(v)"
        case let .int32(v): return "\(v)"
        case let .int64(v): return "\(v)"
        case let .float32(v): return "\(v)"
        case let .float64(v): return "\(v)"
        case let .string(v): return "\"\(v)\""
        case let .binary(v): return "0x" + v.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        case let .date(v): return "date(\(v))"
        case let .timestamp(v): return "timestamp(\(v))"
        }
    }

    /// Orders two values of the same kind: negative, zero or positive; nil when they are not comparable
    /// (different kinds, a null, or a NaN). Strings and binaries compare bytewise (UTF-8 code unit order);
    /// -0.0 and +0.0 compare equal.
    public static func compare(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case let (.boolean(x), .boolean(y)): return x == y ? 0 : (x ? 1 : -1)
        case let (.int32(x), .int32(y)), let (.date(x), .date(y)): return x < y ? -1 : (x == y ? 0 : 1)
        case let (.int64(x), .int64(y)), let (.timestamp(x), .timestamp(y)): return x < y ? -1 : (x == y ? 0 : 1)
        case let (.float32(x), .float32(y)):
            if x.isNaN || y.isNaN { return nil }
            return x < y ? -1 : (x == y ? 0 : 1)
        case let (.float64(x), .float64(y)):
            if x.isNaN || y.isNaN { return nil }
            return x < y ? -1 : (x == y ? 0 : 1)
        case let (.string(x), .string(y)):
            var x = x, y = y
            return x.withUTF8 { xb in y.withUTF8 { yb in compareBytes(UnsafeRawBufferPointer(xb), UnsafeRawBufferPointer(yb)) } }
        case let (.binary(x), .binary(y)):
            return x.withUnsafeBytes { xb in y.withUnsafeBytes { yb in compareBytes(xb, yb) } }
        default:
            return nil
        }
    }
}

extension Value: Hashable {
    /// Exact equality: strings by UTF-8 bytes (not canonical equivalence), floats by bit pattern.
    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.float32(x), .float32(y)): return x.bitPattern == y.bitPattern
        case let (.float64(x), .float64(y)): return x.bitPattern == y.bitPattern
        case (.string, .string): return compare(a, b) == 0
        case (.boolean, .boolean), (.int32, .int32), (.int64, .int64), (.binary, .binary), (.date, .date),
             (.timestamp, .timestamp):
            return compare(a, b) == 0
        default: return false
        }
    }

    public func hash(into h: inout Hasher) {
        h.combine(kind)
        switch self {
        case .null: break
        case let .boolean(v): h.combine(v)
        case let .int32(v), let .date(v): h.combine(v)
        case let .int64(v), let .timestamp(v): h.combine(v)
        case let .float32(v): h.combine(v.bitPattern)
        case let .float64(v): h.combine(v.bitPattern)
        case let .string(v): h.combine(Array(v.utf8))
        case let .binary(v): h.combine(v)
        }
    }
}

/// Lexicographic byte order; shorter prefix first.
@inlinable
func compareBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
    let n = Swift.min(a.count, b.count)
    if n > 0, let pa = a.baseAddress, let pb = b.baseAddress {
        let c = memcmpBytes(pa, pb, n)
        if c != 0 { return c }
    }
    return a.count < b.count ? -1 : (a.count == b.count ? 0 : 1)
}

@inlinable
func memcmpBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Int {
    if n >= 16 {
        let c = memcmp(a, b, n)
        return c < 0 ? -1 : (c > 0 ? 1 : 0)
    }
    var i = 0
    // Compare 8 bytes at a time as big-endian words so that word order equals byte order.
    while i + 8 <= n {
        let x = UInt64(bigEndian: a.loadUnaligned(fromByteOffset: i, as: UInt64.self))
        let y = UInt64(bigEndian: b.loadUnaligned(fromByteOffset: i, as: UInt64.self))
        if x != y { return x < y ? -1 : 1 }
        i += 8
    }
    while i < n {
        let x = a.load(fromByteOffset: i, as: UInt8.self)
        let y = b.load(fromByteOffset: i, as: UInt8.self)
        if x != y { return x < y ? -1 : 1 }
        i += 1
    }
    return 0
}

extension String {
    func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
