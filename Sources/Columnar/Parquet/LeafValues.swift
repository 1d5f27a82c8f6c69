/// Decoded values of one leaf column in physical form: one slot per row (nulls hold zero or an empty byte
/// string) and a validity bit per row. Fixed-width buffers are allocated once for the whole chunk and filled
/// through a cursor, so decoders write straight into place.
///
/// INT96 is converted to microseconds while decoding and stored in `int64`; FIXED_LEN_BYTE_ARRAY values are
/// stored like BYTE_ARRAY values (offsets into `bytes`).
struct LeafValues {
    enum Storage { case boolean, int32, int64, float, double, bytes }

    let storage: Storage
    let capacity: Int
    var int32: [Int32] = []
    var int64: [Int64] = []
    var float: [Float] = []
    var double: [Double] = []
    /// One byte per boolean value (0 or 1), packed into a bitmap when handed over.
    var booleans: [UInt8] = []
    /// `offsets[i]..<offsets[i + 1]` are the bytes of value `i`; `offsets[0] == 0`.
    var offsets: [Int] = []
    var bytes: [UInt8] = []
    /// Validity words (LSB first), allocated when the first null is seen; `nil` means all rows are valid.
    var validity: [UInt64]?
    /// Slots filled so far.
    var count = 0

    init(storage: Storage, capacity: Int) {
        self.storage = storage
        self.capacity = capacity
        switch storage {
        case .boolean: booleans = [UInt8](repeating: 0, count: capacity)
        case .int32: int32 = [Int32](repeating: 0, count: capacity)
        case .int64: int64 = [Int64](repeating: 0, count: capacity)
        case .float: float = [Float](repeating: 0, count: capacity)
        case .double: double = [Double](repeating: 0, count: capacity)
        case .bytes: offsets = [Int](repeating: 0, count: capacity + 1)
        }
    }

    static func storage(for physical: ParquetPhysicalType) throws(ParquetError) -> Storage {
        switch physical {
        case .boolean: return .boolean
        case .int32: return .int32
        case .int64, .int96: return .int64
        case .float: return .float
        case .double: return .double
        case .byteArray, .fixedLenByteArray: return .bytes
        default: throw .unsupported("physical type \(physical)")
        }
    }

    /// Slots still free.
    var free: Int { capacity - count }

    /// Spreads the last `nonNull` values, which a decoder wrote densely from `start`, over `levels.count` slots
    /// from `start`: a slot is valid where its definition level equals `maxLevel`; nulls get zero or empty values.
    /// Works backwards in place. The caller has checked that `nonNull` matches the levels and that the slots fit.
    mutating func spread(from start: Int, levels: UnsafeBufferPointer<UInt8>, maxLevel: UInt8, nonNull: Int) {
        let total = levels.count
        var words = validity ?? [UInt64](repeating: ~0, count: (capacity + 63) >> 6)
        validity = nil
        words.withUnsafeMutableBufferPointer { w in
            for i in 0..<total where levels[i] != maxLevel {
                let b = start + i
                w[b >> 6] &= ~(1 << UInt64(b & 63))
            }
        }
        validity = words
        switch storage {
        case .boolean: Self.spreadFixed(&booleans, start: start, levels: levels, maxLevel: maxLevel, nonNull: nonNull)
        case .int32: Self.spreadFixed(&int32, start: start, levels: levels, maxLevel: maxLevel, nonNull: nonNull)
        case .int64: Self.spreadFixed(&int64, start: start, levels: levels, maxLevel: maxLevel, nonNull: nonNull)
        case .float: Self.spreadFixed(&float, start: start, levels: levels, maxLevel: maxLevel, nonNull: nonNull)
        case .double: Self.spreadFixed(&double, start: start, levels: levels, maxLevel: maxLevel, nonNull: nonNull)
        case .bytes:
            // The end offset of a null repeats the previous end; the bytes themselves do not move.
            offsets.withUnsafeMutableBufferPointer { o in
                var src = start + nonNull
                var dst = start + total
                var i = total - 1
                while i >= 0 {
                    o[dst] = o[src]
                    if levels[i] == maxLevel { src -= 1 }
                    dst -= 1
                    i -= 1
                }
            }
        }
    }

    private static func spreadFixed<T: Numeric>(_ a: inout [T], start: Int, levels: UnsafeBufferPointer<UInt8>,
                                                maxLevel: UInt8, nonNull: Int) {
        a.withUnsafeMutableBufferPointer { v in
            var src = start + nonNull - 1
            var dst = start + levels.count - 1
            var i = levels.count - 1
            while i >= 0 {
                if levels[i] == maxLevel {
                    v[dst] = v[src]
                    src -= 1
                } else {
                    v[dst] = 0
                }
                dst -= 1
                i -= 1
            }
        }
    }
}
