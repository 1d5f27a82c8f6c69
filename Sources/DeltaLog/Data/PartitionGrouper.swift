import Columnar

/// Groups a batch's rows by the values of its partition columns without materialising a `Value` per row:
/// each partition column is dictionary-coded from its typed buffers (integers by value, strings by their
/// bytes, hashed in place), and the per-column codes combine into one group code per row.
struct PartitionGrouper {
    /// Rows of each distinct partition, in order of first appearance, with the partition's values.
    struct Group {
        var values: [Value]
        var rows: [Int]
    }

    static func group(_ columns: [Column], rowCount: Int) -> [Group] {
        // Dense ids of the combination of the columns so far; re-densified after each column, so ids stay
        // below the row count and `id * distinct + code` cannot overflow.
        var combined = [Int](repeating: 0, count: rowCount)
        for c in columns {
            let (codes, values) = encode(c)
            let width = max(values.count, 1)
            var dense: [Int: Int] = [:]
            for r in 0..<rowCount {
                let key = combined[r] * width + codes[r]
                if let d = dense[key] {
                    combined[r] = d
                } else {
                    combined[r] = dense.count
                    dense[key] = dense.count
                }
            }
        }
        var groupOf: [Int: Int] = [:]
        var groups: [Group] = []
        var firstRow: [Int] = []
        for r in 0..<rowCount {
            let code = combined[r]
            if let g = groupOf[code] {
                groups[g].rows.append(r)
            } else {
                groupOf[code] = groups.count
                groups.append(Group(values: [], rows: [r]))
                firstRow.append(r)
            }
        }
        // The values of each group are those of its first row.
        for (g, r) in firstRow.enumerated() { groups[g].values = columns.map { $0.value(at: r) } }
        return groups
    }

    /// Per-row codes into the column's distinct values (null is a value of its own).
    static func encode(_ column: Column) -> ([Int], [Value]) {
        switch column {
        case let .int32(v), let .date(v): return encodePrimitive(v, column)
        case let .int64(v), let .timestamp(v): return encodePrimitive(v, column)
        case let .string(v), let .json(v), let .binary(v): return encodeBytes(v, column)
        default:
            var codes: [Int] = []
            var index: [Value: Int] = [:]
            var values: [Value] = []
            for r in 0..<column.count {
                let v = column.value(at: r)
                if let c = index[v] { codes.append(c); continue }
                index[v] = values.count
                codes.append(values.count)
                values.append(v)
            }
            return (codes, values)
        }
    }

    private static func encodePrimitive<E: PrimitiveElement & Hashable>(_ v: PrimitiveVector<E>, _ column: Column) -> ([Int], [Value]) {
        var codes = [Int](repeating: 0, count: v.count)
        var index: [E: Int] = [:]
        var values: [Value] = []
        var nullCode: Int?
        v.withUnsafeBufferPointer { buf in
            for r in 0..<buf.count {
                if v.isNull(r) {
                    if nullCode == nil { nullCode = values.count; values.append(.null) }
                    codes[r] = nullCode ?? 0
                } else if let c = index[buf[r]] {
                    codes[r] = c
                } else {
                    index[buf[r]] = values.count
                    codes[r] = values.count
                    values.append(column.value(at: r))
                }
            }
        }
        return (codes, values)
    }

    private static func encodeBytes(_ v: BinaryVector, _ column: Column) -> ([Int], [Value]) {
        var codes = [Int](repeating: 0, count: v.count)
        var values: [Value] = []
        var nullCode: Int?
        // Hash of the bytes → (representative row, code); collisions are resolved by comparing bytes.
        var buckets: [Int: [(row: Int, code: Int)]] = [:]
        v.withUnsafeBuffers { offsets, bytes in
            var previous: (range: Range<Int>, code: Int)?
            for r in 0..<v.count {
                if v.isNull(r) {
                    if nullCode == nil { nullCode = values.count; values.append(.null) }
                    codes[r] = nullCode ?? 0
                    continue
                }
                let range = offsets[r]..<offsets[r + 1]
                let current = UnsafeRawBufferPointer(rebasing: bytes[range])
                // Partitioned data often arrives in runs: compare with the previous row first.
                if let p = previous, p.range.count == range.count,
                   current.elementsEqual(UnsafeRawBufferPointer(rebasing: bytes[p.range])) {
                    codes[r] = p.code
                    previous = (range, p.code)
                    continue
                }
                var h = Hasher()
                h.combine(bytes: current)
                let key = h.finalize()
                var found: Int?
                for e in buckets[key] ?? [] {
                    let er = offsets[e.row]..<offsets[e.row + 1]
                    if er.count == range.count && current.elementsEqual(UnsafeRawBufferPointer(rebasing: bytes[er])) {
                        found = e.code
                        break
                    }
                }
                let code: Int
                if let found {
                    code = found
                } else {
                    code = values.count
                    buckets[key, default: []].append((r, code))
                    values.append(column.value(at: r))
                }
                codes[r] = code
                previous = (range, code)
            }
        }
        return (codes, values)
    }
}
