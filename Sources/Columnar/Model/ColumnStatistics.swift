/// Statistics of a column or a part of one: row count, null count, and the smallest and largest present
/// value. NaNs are ignored for min/max. `min`/`max` are nil when there is no present non-NaN value, or when
/// a writer chose not to record them (e.g. very long strings); readers must then assume any value.
public struct ColumnStatistics: Sendable, Hashable, CustomStringConvertible {
    /// Rows, nulls included.
    public var valueCount: Int
    public var nullCount: Int
    public var min: Value?
    public var max: Value?

    public init(valueCount: Int, nullCount: Int, min: Value? = nil, max: Value? = nil) {
        self.valueCount = valueCount
        self.nullCount = nullCount
        self.min = min
        self.max = max
    }

    /// The statistics of `column`.
    public init(_ column: Column) { self.init(column, boundBytes: Int.max) }

    /// The statistics of `column`, with variable-length bounds of more than `limit` bytes cut (the minimum, to a
    /// prefix ending on a UTF-8 scalar boundary for strings) or dropped (the maximum) as the writer stores them:
    /// only what is kept is copied out of the column.
    init(_ column: Column, boundBytes limit: Int) {
        valueCount = column.count
        nullCount = column.nullCount
        switch column {
        case let .boolean(v):
            var sawFalse = false, sawTrue = false
            for i in 0..<v.count where !v.isNull(i) {
                if v.bits[i] { sawTrue = true } else { sawFalse = true }
                if sawTrue && sawFalse { break }
            }
            if sawFalse || sawTrue {
                min = .boolean(!sawFalse)
                max = .boolean(sawTrue)
            }
        case let .int32(v): (min, max) = Self.range(v).map { (.int32($0.0), .int32($0.1)) } ?? (nil, nil)
        case let .date(v): (min, max) = Self.range(v).map { (.date($0.0), .date($0.1)) } ?? (nil, nil)
        case let .int64(v): (min, max) = Self.range(v).map { (.int64($0.0), .int64($0.1)) } ?? (nil, nil)
        case let .timestamp(v): (min, max) = Self.range(v).map { (.timestamp($0.0), .timestamp($0.1)) } ?? (nil, nil)
        case let .float32(v): (min, max) = Self.range(v).map { (.float32($0.0), .float32($0.1)) } ?? (nil, nil)
        case let .float64(v): (min, max) = Self.range(v).map { (.float64($0.0), .float64($0.1)) } ?? (nil, nil)
        case let .string(v), let .json(v):
            guard let (lo, hi) = Self.rangeIndices(v) else { break }
            v.withUnsafeBuffers { offs, bytes in
                let low = UnsafeRawBufferPointer(rebasing: bytes[offs[lo]..<offs[lo + 1]])
                let high = UnsafeRawBufferPointer(rebasing: bytes[offs[hi]..<offs[hi + 1]])
                min = .string(String(decoding: UnsafeRawBufferPointer(rebasing: low[0..<Self.scalarPrefix(low, limit)]), as: UTF8.self))
                if high.count <= limit { max = .string(String(decoding: high, as: UTF8.self)) }
            }
        case let .binary(v):
            guard let (lo, hi) = Self.rangeIndices(v) else { break }
            v.withUnsafeBuffers { offs, bytes in
                let low = UnsafeRawBufferPointer(rebasing: bytes[offs[lo]..<offs[lo + 1]])
                let high = UnsafeRawBufferPointer(rebasing: bytes[offs[hi]..<offs[hi + 1]])
                min = .binary(Array(UnsafeRawBufferPointer(rebasing: low[0..<Swift.min(low.count, Swift.max(limit, 0))])))
                if high.count <= limit { max = .binary(Array(high)) }
            }
        }
    }

    /// The length of the longest prefix of the UTF-8 `bytes` of at most `limit` bytes that ends on a scalar boundary.
    static func scalarPrefix(_ bytes: UnsafeRawBufferPointer, _ limit: Int) -> Int {
        guard bytes.count > limit else { return bytes.count }
        // Back off to the first byte of a scalar (continuation bytes are 0b10xxxxxx).
        var end = Swift.max(limit, 0)
        while end > 0 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return end
    }

    /// Whether `other` has the same null count and bounds (row counts aside): the same footer bytes.
    func sameBounds(as other: ColumnStatistics) -> Bool {
        nullCount == other.nullCount && min == other.min && max == other.max
    }

    /// Statistics covering both `self` and `other` (e.g. two row groups of one file).
    public func merged(with other: ColumnStatistics) -> ColumnStatistics {
        var out = ColumnStatistics(valueCount: valueCount + other.valueCount, nullCount: nullCount + other.nullCount)
        let selfHasValues = valueCount > nullCount, otherHasValues = other.valueCount > other.nullCount
        // An unknown bound on a side that has values makes the merged bound unknown.
        if (selfHasValues && min == nil) || (otherHasValues && other.min == nil) {
            out.min = nil
        } else {
            out.min = Self.pick(min, other.min) { $0 < 0 }
        }
        if (selfHasValues && max == nil) || (otherHasValues && other.max == nil) {
            out.max = nil
        } else {
            out.max = Self.pick(max, other.max) { $0 > 0 }
        }
        return out
    }

    private static func pick(_ a: Value?, _ b: Value?, _ better: (Int) -> Bool) -> Value? {
        guard let a else { return b }
        guard let b else { return a }
        guard let c = Value.compare(a, b) else { return nil }
        return better(c) || c == 0 ? a : b
    }

    public var description: String {
        "rows=\(valueCount) nulls=\(nullCount) min=\(min?.description ?? "-") max=\(max?.description ?? "-")"
    }

    static func range<E: PrimitiveElement>(_ v: PrimitiveVector<E>) -> (E, E)? {
        v.withUnsafeBufferPointer { buf -> (E, E)? in
            var lo: E?, hi: E?
            if v.validity == nil && !(E.self == Float.self || E.self == Double.self) {
                guard var l = buf.first else { return nil }
                var h = l
                for x in buf {
                    if x < l { l = x }
                    if x > h { h = x }
                }
                return (l, h)
            }
            for i in 0..<buf.count where !v.isNull(i) {
                let x = buf[i]
                if x.isNaNValue { continue }
                // -0.0 sorts below +0.0 so that a zero range is reported as [-0.0, +0.0] when both occur.
                if let l = lo {
                    if x < l || (x == l && x.rawBits > l.rawBits) { lo = x }
                } else { lo = x }
                if let h = hi {
                    if x > h || (x == h && x.rawBits < h.rawBits) { hi = x }
                } else { hi = x }
            }
            guard let lo, let hi else { return nil }
            return (lo, hi)
        }
    }

    /// The first 8 bytes of the `n` bytes at `start` in `all` as a big-endian word, zero-padded: orders like the
    /// bytes, with ties left to a full compare. Reads a whole word when 8 bytes are in bounds.
    @inline(__always) static func prefixKey(_ all: UnsafeRawBufferPointer, _ start: Int, _ n: Int) -> UInt64 {
        if start + 8 <= all.count {
            let w = UInt64(bigEndian: all.loadUnaligned(fromByteOffset: start, as: UInt64.self))
            // Keep the value's bytes (the high ones); a shift by 64 gives 0, so from 8 bytes on all are kept.
            return w & ~(UInt64.max >> UInt64(Swift.min(n, 8) * 8))
        }
        var k: UInt64 = 0
        for i in 0..<Swift.min(n, 8) { k |= UInt64(all[start + i]) << UInt64(56 - 8 * i) }
        return k
    }

    /// The positions of the smallest and largest present values of `v` (bytewise), nil when all are null.
    static func rangeIndices(_ v: BinaryVector) -> (Int, Int)? {
        v.withUnsafeBuffers { offs, bytes -> (Int, Int)? in
            let validity = v.validity
            var lo = -1, hi = -1
            // Most comparisons are decided by the first 8 bytes, compared as one big-endian word.
            var loKey: UInt64 = 0, hiKey: UInt64 = 0
            func value(_ i: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[offs[i]..<offs[i + 1]]) }
            for i in 0..<v.count {
                if let validity, !validity[i] { continue }
                let key = prefixKey(bytes, offs[i], offs[i + 1] - offs[i])
                if lo < 0 {
                    lo = i
                    hi = i
                    loKey = key
                    hiKey = key
                    continue
                }
                if key < loKey || (key == loKey && compareBytes(value(i), value(lo)) < 0) {
                    lo = i
                    loKey = key
                }
                if key > hiKey || (key == hiKey && compareBytes(value(i), value(hi)) > 0) {
                    hi = i
                    hiKey = key
                }
            }
            guard lo >= 0 else { return nil }
            return (lo, hi)
        }
    }
}
