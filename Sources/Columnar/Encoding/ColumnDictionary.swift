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
        var table = HashIndex()
        var entries: [E] = []
        var indices: [UInt32] = []
        indices.reserveCapacity(v.count - v.nullCount)
        let ok: Bool = v.withUnsafeBufferPointer { buf in
            for i in 0..<buf.count where !v.isNull(i) {
                let x = buf[i]
                let bits = x.rawBits
                let (e, inserted) = table.findOrInsert(hash: Hash64.fmix(bits)) { entries[$0].rawBits == bits }
                if inserted {
                    entries.append(x)
                    if entries.count > maxEntries { return false }
                }
                indices.append(UInt32(e))
                if sampleCheck && tooDistinct(seen: indices.count, distinct: entries.count) { return false }
            }
            return true
        }
        return ok ? (entries, indices) : nil
    }

    private static func varlen(_ v: BinaryVector, maxEntries: Int, maxBytes: Int, sampleCheck: Bool) -> (BinaryVector, [UInt32])? {
        var table = HashIndex()
        var offsets: [Int] = [0]
        var bytes: [UInt8] = []
        var indices: [UInt32] = []
        indices.reserveCapacity(v.count - v.nullCount)
        let ok: Bool = v.withUnsafeBuffers { offs, all in
            for i in 0..<v.count where !v.isNull(i) {
                let value = UnsafeRawBufferPointer(rebasing: all[offs[i]..<offs[i + 1]])
                let (e, inserted) = table.findOrInsert(hash: Hash64.hash(value)) { e in
                    bytes.withUnsafeBytes { compareBytes(UnsafeRawBufferPointer(rebasing: $0[offsets[e]..<offsets[e + 1]]), value) == 0 }
                }
                if inserted {
                    bytes.append(contentsOf: value)
                    offsets.append(bytes.count)
                    if offsets.count - 1 > maxEntries || bytes.count > maxBytes { return false }
                }
                indices.append(UInt32(e))
                if sampleCheck && tooDistinct(seen: indices.count, distinct: offsets.count - 1) { return false }
            }
            return true
        }
        return ok ? (BinaryVector(offsets: offsets, bytes: bytes), indices) : nil
    }
}
