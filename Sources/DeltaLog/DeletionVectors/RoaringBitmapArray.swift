import CRoaring

/// A set of row positions (64-bit) in the layout Delta's deletion vectors use: the magic number 1681511377,
/// then the 64-bit "portable" Roaring format — a bucket count (u64), and per bucket, in ascending key order,
/// the high 32 bits (u32) followed by a 32-bit Roaring bitmap of the low 32 bits in CRoaring's portable
/// serialisation. All integers little-endian. Keys must have a clear top bit (positions < 2^63).
///
/// Held in memory as a sorted array of positions: scans walk it alongside their (ascending) row positions,
/// and libroaring does the container encoding on the way to and from bytes.
public struct RoaringBitmapArray: Sendable, Hashable {
    public static let magic: UInt32 = 1_681_511_377

    /// Sorted, without duplicates.
    public private(set) var positions: [UInt64]

    public init() { positions = [] }

    public init<S: Sequence>(_ values: S) where S.Element == UInt64 {
        positions = Array(values)
        normalize()
    }

    public var cardinality: Int { positions.count }
    public var isEmpty: Bool { positions.isEmpty }

    public func contains(_ p: UInt64) -> Bool {
        var lo = 0, hi = positions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if positions[mid] < p { lo = mid + 1 } else { hi = mid }
        }
        return lo < positions.count && positions[lo] == p
    }

    public mutating func insert<S: Sequence>(contentsOf values: S) where S.Element == UInt64 {
        positions.append(contentsOf: values)
        normalize()
    }

    public func union(_ other: RoaringBitmapArray) -> RoaringBitmapArray {
        var out = self
        out.insert(contentsOf: other.positions)
        return out
    }

    private mutating func normalize() {
        positions.sort()
        var w = 0
        for r in positions.indices where r == 0 || positions[r] != positions[r - 1] {
            positions[w] = positions[r]
            w += 1
        }
        positions.removeLast(positions.count - w)
    }

    // MARK: serialisation

    /// The bytes Delta stores (inline after Z85, or framed in a deletion-vector file).
    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        append32(Self.magic, to: &out)
        var buckets: [(UInt32, ArraySlice<UInt64>)] = []
        var start = 0
        while start < positions.count {
            let key = UInt32(truncatingIfNeeded: positions[start] >> 32)
            var end = start + 1
            while end < positions.count && UInt32(truncatingIfNeeded: positions[end] >> 32) == key { end += 1 }
            buckets.append((key, positions[start..<end]))
            start = end
        }
        append64(UInt64(buckets.count), to: &out)
        for (key, values) in buckets {
            append32(key, to: &out)
            let low = values.map { UInt32(truncatingIfNeeded: $0) }
            guard let bitmap = roaring_bitmap_create() else { continue }
            defer { roaring_bitmap_free(bitmap) }
            low.withUnsafeBufferPointer { roaring_bitmap_add_many(bitmap, $0.count, $0.baseAddress) }
            _ = roaring_bitmap_run_optimize(bitmap)
            let size = roaring_bitmap_portable_size_in_bytes(bitmap)
            var bytes = [UInt8](repeating: 0, count: size)
            let written = bytes.withUnsafeMutableBytes { buf in
                roaring_bitmap_portable_serialize(bitmap, buf.baseAddress?.assumingMemoryBound(to: CChar.self))
            }
            out.append(contentsOf: bytes.prefix(written))
        }
        return out
    }

    /// Parses Delta's bytes; every count and length is checked against the input. Besides the portable layout
    /// this reads the older "native" layout Delta's Spark writer once used (magic 1681511376, big-endian:
    /// a bitmap count, then per bucket, keyed by its index, a size and a portable 32-bit bitmap).
    public init(serialized bytes: [UInt8]) throws(DeletionVectorFormatError) {
        guard bytes.count >= 8 else { throw DeletionVectorFormatError("\(bytes.count) bytes is too short for a bitmap header") }
        let native = Self.read32BigEndian(bytes, 0) == Self.magic - 1
        let magic = Self.read32(bytes, 0)
        guard native || magic == Self.magic else { throw DeletionVectorFormatError("bad magic number \(magic)") }
        guard native || bytes.count >= 12 else { throw DeletionVectorFormatError("\(bytes.count) bytes is too short for a bitmap header") }
        let count = native ? UInt64(Self.read32BigEndian(bytes, 4)) : Self.read64(bytes, 4)
        // Each bucket needs at least a key or size and an 8-byte empty bitmap header.
        guard count <= UInt64(bytes.count / 12) else { throw DeletionVectorFormatError("bucket count \(count) exceeds the data") }
        var offset = native ? 8 : 12
        var out: [UInt64] = []
        var previousKey: Int64 = -1
        for b in 0..<Int(count) {
            guard offset + 4 <= bytes.count else { throw DeletionVectorFormatError("bucket \(b) is truncated") }
            let key = native ? UInt32(b) : Self.read32(bytes, offset)
            guard key & 0x8000_0000 == 0, Int64(key) > previousKey else {
                throw DeletionVectorFormatError("bucket \(b) has key \(key): keys must ascend and keep the top bit clear")
            }
            previousKey = Int64(key)
            let declared = native ? Int(Self.read32BigEndian(bytes, offset)) : nil
            offset += 4
            let remaining = bytes.count - offset
            if let declared, declared > remaining { throw DeletionVectorFormatError("bucket \(b) declares \(declared) bytes, \(remaining) remain") }
            let result: Result<[UInt32], DeletionVectorFormatError> = bytes.withUnsafeBytes { raw in
                guard let base = raw.baseAddress?.advanced(by: offset).assumingMemoryBound(to: CChar.self) else {
                    return .failure(DeletionVectorFormatError("bucket \(b) is empty"))
                }
                let size = roaring_bitmap_portable_deserialize_size(base, remaining)
                guard size > 0, size <= remaining, declared == nil || declared == size, let bitmap = roaring_bitmap_portable_deserialize_safe(base, remaining) else {
                    return .failure(DeletionVectorFormatError("bucket \(b) is not a valid portable Roaring bitmap"))
                }
                defer { roaring_bitmap_free(bitmap) }
                offset += size
                var values = [UInt32](repeating: 0, count: Int(roaring_bitmap_get_cardinality(bitmap)))
                values.withUnsafeMutableBufferPointer { roaring_bitmap_to_uint32_array(bitmap, $0.baseAddress) }
                return .success(values)
            }
            let high = UInt64(key) << 32
            for v in try result.get() { out.append(high | UInt64(v)) }
        }
        guard offset == bytes.count else { throw DeletionVectorFormatError("\(bytes.count - offset) bytes after the last bucket") }
        positions = out
    }

    private func append32(_ v: UInt32, to out: inout [UInt8]) {
        for s in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) }
    }

    private func append64(_ v: UInt64, to out: inout [UInt8]) {
        for s in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: v >> UInt64(s))) }
    }

    private static func read32(_ b: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(b[at + $1]) << UInt32(8 * $1) }
    }

    private static func read32BigEndian(_ b: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(b[at + $1]) }
    }

    private static func read64(_ b: [UInt8], _ at: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(b[at + $1]) << UInt64(8 * $1) }
    }
}

/// Bytes that are not a valid serialised ``RoaringBitmapArray``.
public struct DeletionVectorFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    public let detail: String
    init(_ detail: String) { self.detail = detail }
    public var description: String { detail }
}

extension RoaringBitmapArray {
    /// The indices of `rowPositions` (ascending) that this set does not delete; nil when it deletes none of them.
    func liveIndices(of rowPositions: [Int64]) -> [Int]? {
        guard let first = rowPositions.first, let last = rowPositions.last, !positions.isEmpty else { return nil }
        var j = lowerBound(UInt64(max(first, 0)))
        guard j < positions.count, positions[j] <= UInt64(max(last, 0)) else { return nil }
        var keep: [Int] = []
        keep.reserveCapacity(rowPositions.count)
        for (i, p) in rowPositions.enumerated() {
            let u = UInt64(max(p, 0))
            while j < positions.count && positions[j] < u { j += 1 }
            if j < positions.count && positions[j] == u { continue }
            keep.append(i)
        }
        return keep
    }

    /// The index of the first position ≥ `p`.
    func lowerBound(_ p: UInt64) -> Int {
        var lo = 0, hi = positions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if positions[mid] < p { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
