/// A chunk's dictionary: the distinct present values in order of first appearance, and for every present
/// value (in row order, nulls skipped) its entry number.
struct ColumnDictionary {
    /// The distinct values as a column without nulls.
    var entries: Column
    var indices: [UInt32]

    var count: Int { entries.count }

    /// Builds the dictionary of `column`, giving up (nil) past `maxEntries` distinct values or `maxBytes` of
    /// distinct variable-length data, or when the first values look mostly distinct.
    static func build(_ column: Column, maxEntries: Int, maxBytes: Int, sampleCheck: Bool) -> ColumnDictionary? {
        switch column {
        case .boolean: return nil
        case let .int32(v): return primitive(v, maxEntries: maxEntries, sampleCheck: sampleCheck).map { .init(entries: .int32(PrimitiveVector($0.0)), indices: $0.1) }
        case let .date(v): return primitive(v, maxEntries: maxEntries, sampleCheck: sampleCheck).map { .init(entries: .date(PrimitiveVector($0.0)), indices: $0.1) }
        case let .int64(v): return primitive(v, maxEntries: maxEntries, sampleCheck: sampleCheck).map { .init(entries: .int64(PrimitiveVector($0.0)), indices: $0.1) }
        case let .timestamp(v): return primitive(v, maxEntries: maxEntries, sampleCheck: sampleCheck).map { .init(entries: .timestamp(PrimitiveVector($0.0)), indices: $0.1) }
        case let .float32(v): return primitive(v, maxEntries: maxEntries, sampleCheck: sampleCheck).map { .init(entries: .float32(PrimitiveVector($0.0)), indices: $0.1) }
        case let .float64(v): return primitive(v, maxEntries: maxEntries, sampleCheck: sampleCheck).map { .init(entries: .float64(PrimitiveVector($0.0)), indices: $0.1) }
        case let .string(v): return varlen(v, maxEntries: maxEntries, maxBytes: maxBytes, sampleCheck: sampleCheck).map { .init(entries: .string($0.0), indices: $0.1) }
        case let .json(v): return varlen(v, maxEntries: maxEntries, maxBytes: maxBytes, sampleCheck: sampleCheck).map { .init(entries: .json($0.0), indices: $0.1) }
        case let .binary(v): return varlen(v, maxEntries: maxEntries, maxBytes: maxBytes, sampleCheck: sampleCheck).map { .init(entries: .binary($0.0), indices: $0.1) }
        }
    }

    /// Whether the values seen so far look too distinct for a dictionary to pay: nearly all distinct after
    /// 1,024 values (ids, free text: give up early, hashing them is the cost), or over 3/4 after 16,384.
    @inline(__always) static func tooDistinct(seen: Int, distinct: Int) -> Bool {
        (seen == 1024 && distinct * 20 > seen * 19) || (seen == 16_384 && distinct * 4 > seen * 3)
    }

    private static func primitive<E: PrimitiveElement>(_ v: PrimitiveVector<E>, maxEntries: Int, sampleCheck: Bool) -> ([E], [UInt32])? {
        var table = WordDictionaryTable()
        var entries: [E] = []
        let validity = v.validity
        var ok = true
        let indices = [UInt32](unsafeUninitializedCapacity: v.count - v.nullCount) { out, written in
            written = 0
            v.withUnsafeBufferPointer { buf in
                var k = 0
                for i in 0..<buf.count {
                    if let validity, !validity[i] { continue }
                    let x = buf[i]
                    let (e, inserted) = table.findOrInsert(x.rawBits)
                    if inserted {
                        entries.append(x)
                        if entries.count > maxEntries { ok = false; break }
                    }
                    // Present values never outnumber the capacity, which counts them.
                    guard k < out.count else { ok = false; break }
                    out[k] = UInt32(truncatingIfNeeded: e)
                    k += 1
                    if sampleCheck && tooDistinct(seen: k, distinct: entries.count) { ok = false; break }
                }
                written = k
            }
        }
        return ok ? (entries, indices) : nil
    }

    private static func varlen(_ v: BinaryVector, maxEntries: Int, maxBytes: Int, sampleCheck: Bool) -> (BinaryVector, [UInt32])? {
        var table = ByteDictionaryTable()
        let validity = v.validity
        var ok = true
        let indices = [UInt32](unsafeUninitializedCapacity: v.count - v.nullCount) { out, written in
            written = 0
            v.withUnsafeBuffers { offs, all in
                var k = 0
                for i in 0..<v.count {
                    if let validity, !validity[i] { continue }
                    let start = offs[i], n = offs[i + 1] - start
                    guard let (e, _) = table.findOrInsert(ByteDictionaryTable.key(all, start: start, count: n), all, start: start,
                                                          count: n, maxEntries: maxEntries, maxBytes: maxBytes),
                          k < out.count else { ok = false; break }
                    out[k] = UInt32(truncatingIfNeeded: e)
                    k += 1
                    if sampleCheck && tooDistinct(seen: k, distinct: table.count) { ok = false; break }
                }
                written = k
            }
        }
        guard ok else { return nil }
        return (BinaryVector(offsets: table.offsets, bytes: table.bytes), indices)
    }

    /// Each entry's rank in statistics order (ascending; -0.0 before +0.0; bytes compared unsigned), or -1
    /// for NaN, which statistics ignore.
    func statisticsOrder() -> [Int32] {
        var sorted: [Int]
        switch entries {
        case .boolean: return [Int32](repeating: -1, count: count)
        case let .int32(v), let .date(v): sorted = Self.order(v)
        case let .int64(v), let .timestamp(v): sorted = Self.order(v)
        case let .float32(v): sorted = Self.order(v)
        case let .float64(v): sorted = Self.order(v)
        case let .string(v), let .json(v), let .binary(v):
            sorted = v.withUnsafeBuffers { offs, all in
                Array(0..<v.count).sorted { a, b in
                    compareBytes(UnsafeRawBufferPointer(rebasing: all[offs[a]..<offs[a + 1]]),
                                 UnsafeRawBufferPointer(rebasing: all[offs[b]..<offs[b + 1]])) < 0
                }
            }
        }
        var rank = [Int32](repeating: -1, count: count)
        for (r, e) in sorted.enumerated() { rank[e] = Int32(truncatingIfNeeded: r) }
        return rank
    }

    /// Entry numbers of the non-NaN values in ascending order.
    private static func order<E: PrimitiveElement>(_ v: PrimitiveVector<E>) -> [Int] {
        v.withUnsafeBufferPointer { buf in
            (0..<buf.count).filter { !buf[$0].isNaNValue }.sorted { a, b in
                let x = buf[a], y = buf[b]
                return x < y || (x == y && x.rawBits > y.rawBits)
            }
        }
    }
}
