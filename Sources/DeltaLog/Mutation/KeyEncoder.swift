import Columnar

/// Encodes the key columns of a row as bytes that are equal exactly when the keys are equal (columns of the
/// same types): per column its value — integers as 8 bytes, floats by bit pattern, byte strings with a length,
/// except the last column's, which runs to the end of the key (the key's own length delimits it; this saves
/// 8 bytes per row in the indexes of large files keyed by one string column).
/// A row with a null in any key column has no key (SQL equality never matches a null).
struct KeyEncoder {
    let columns: [Column]

    /// Writes row `r`'s key into `buffer` (cleared first); false when a key column is null.
    func encode(_ r: Int, into buffer: inout [UInt8]) -> Bool {
        buffer.removeAll(keepingCapacity: true)
        for (i, c) in columns.enumerated() {
            if c.isNull(r) { return false }
            switch c {
            case let .boolean(v): buffer.append(v.bits[r] ? 1 : 0)
            case let .int32(v), let .date(v): append(UInt64(bitPattern: Int64(v.rawValue(r))), &buffer)
            case let .int64(v), let .timestamp(v): append(UInt64(bitPattern: v.rawValue(r)), &buffer)
            case let .float32(v): append(UInt64(v.rawValue(r).bitPattern), &buffer)
            case let .float64(v): append(v.rawValue(r).bitPattern, &buffer)
            case let .string(v), let .binary(v), let .json(v):
                v.withBytes(at: r) { b in
                    if i < columns.count - 1 { append(UInt64(b.count), &buffer) }
                    buffer.append(contentsOf: b)
                }
            }
        }
        return true
    }

    private func append(_ x: UInt64, _ buffer: inout [UInt8]) {
        for s in stride(from: 0, to: 64, by: 8) { buffer.append(UInt8(truncatingIfNeeded: x >> UInt64(s))) }
    }
}
