import Columnar

/// Encodes the key columns of a row as bytes that are equal exactly when the keys are equal (columns of the
/// same types): per column its value — integers as 8 bytes, floats by bit pattern, byte strings with a length,
/// except the last column's, which runs to the end of the key (the key's own length delimits it; this saves
/// 8 bytes per row in the indexes of large files keyed by one string column).
/// A row with a null in any key column has no key (SQL equality never matches a null).
struct KeyEncoder {
    let columns: [Column]

    init(columns: [Column]) { self.columns = columns }

    /// The encoder of `keyColumns` of `batch`.
    init(batch: RecordBatch, keyColumns: [String]) throws(DeltaLogError) {
        var cols: [Column] = []
        for k in keyColumns {
            guard let c = batch.column(named: k) else { throw .unknownColumn(k) }
            cols.append(c)
        }
        columns = cols
    }

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

    /// Calls `body(row, key)` for every row of `rowCount` with a key (rows with a null key are skipped), in row
    /// order. A single byte-string key column — the usual `_id` — is read in place, without copying a row's
    /// bytes; a malformed offset makes the row keyless rather than reading out of bounds.
    func forEachKey(rowCount: Int, _ body: (Int, UnsafeRawBufferPointer) -> Void) {
        if columns.count == 1, let v = Self.byteStrings(columns[0]) {
            let n = min(rowCount, v.count)
            let validity = v.validity
            v.withUnsafeBuffers { offsets, bytes in
                for r in 0..<n {
                    if let validity, !validity[r] { continue }
                    let lo = offsets[r], hi = offsets[r + 1]
                    guard lo >= 0, lo <= hi, hi <= bytes.count else { continue }
                    body(r, UnsafeRawBufferPointer(rebasing: bytes[lo..<hi]))
                }
            }
            return
        }
        var buffer: [UInt8] = []
        for r in 0..<rowCount where encode(r, into: &buffer) {
            buffer.withUnsafeBytes { body(r, $0) }
        }
    }

    private static func byteStrings(_ c: Column) -> BinaryVector? {
        switch c {
        case let .string(v), let .binary(v), let .json(v): return v
        default: return nil
        }
    }

    private func append(_ x: UInt64, _ buffer: inout [UInt8]) {
        for s in stride(from: 0, to: 64, by: 8) { buffer.append(UInt8(truncatingIfNeeded: x >> UInt64(s))) }
    }
}
