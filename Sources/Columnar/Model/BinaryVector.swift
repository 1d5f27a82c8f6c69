/// A column of variable-length byte strings (string, json, binary): one offsets buffer and one bytes buffer.
/// Value i is `bytes[offsets[i] ..< offsets[i + 1]]`. Null slots are empty. Slices share both buffers.
public struct BinaryVector: Sendable {
    @usableFromInline var offsetStorage: [Int]
    @usableFromInline var byteStorage: [UInt8]
    /// Index in `offsetStorage` of row 0's start offset.
    @usableFromInline var start: Int
    public let count: Int
    public let validity: Bitmap?

    /// Wraps buffers: `offsets` has `count + 1` non-decreasing entries within `bytes`.
    public init(offsets: [Int], bytes: [UInt8], validity: Bitmap? = nil) {
        precondition(!offsets.isEmpty, "offsets needs count + 1 entries")
        precondition(validity == nil || validity?.count == offsets.count - 1, "validity length differs from values")
        offsetStorage = offsets
        byteStorage = bytes
        start = 0
        count = offsets.count - 1
        self.validity = validity.flatMap { $0.setCount == $0.count ? nil : $0 }
    }

    /// Builds from strings, nil becoming null.
    public init(strings: [String?]) {
        var b = ColumnBuilder(type: .string, capacity: strings.count)
        for s in strings { try? b.append(s.map(Value.string) ?? .null) }
        guard case let .string(v) = b.finish() else { preconditionFailure("string builder made another type") }
        self = v
    }

    init(offsetStorage: [Int], byteStorage: [UInt8], start: Int, count: Int, validity: Bitmap?) {
        self.offsetStorage = offsetStorage
        self.byteStorage = byteStorage
        self.start = start
        self.count = count
        self.validity = validity
    }

    @inlinable public func isNull(_ i: Int) -> Bool { validity.map { !$0[i] } ?? false }
    public var nullCount: Int { validity.map { $0.count - $0.setCount } ?? 0 }

    /// The byte range of row `i` within the bytes buffer.
    @inlinable func byteRange(_ i: Int) -> Range<Int> {
        precondition(i >= 0 && i < count, "row index out of range")
        return offsetStorage[start &+ i]..<offsetStorage[start &+ i &+ 1]
    }

    /// Calls `body` with row `i`'s bytes (empty for null).
    @inlinable public func withBytes<R>(at i: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let r = byteRange(i)
        return try byteStorage.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[r])) }
    }

    /// Row `i` as bytes, or nil when null.
    public func bytes(at i: Int) -> [UInt8]? { isNull(i) ? nil : Array(byteStorage[byteRange(i)]) }

    /// Row `i` decoded as UTF-8 (invalid sequences repaired), or nil when null.
    public func string(at i: Int) -> String? {
        isNull(i) ? nil : withBytes(at: i) { String(decoding: $0, as: UTF8.self) }
    }

    /// The total length of all values in bytes.
    public var totalByteCount: Int { offsetStorage[start + count] - offsetStorage[start] }

    /// Calls `body` with the window's offsets (count + 1 entries, absolute into `bytes`) and the bytes buffer.
    public func withUnsafeBuffers<R>(_ body: (UnsafeBufferPointer<Int>, UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try offsetStorage.withUnsafeBufferPointer { offs in
            try byteStorage.withUnsafeBytes { bytes in
                try body(UnsafeBufferPointer(rebasing: offs[start...(start + count)]), bytes)
            }
        }
    }

    public func slice(_ range: Range<Int>) -> BinaryVector {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "slice out of range")
        return BinaryVector(offsetStorage: offsetStorage, byteStorage: byteStorage, start: start + range.lowerBound,
                            count: range.count, validity: validity?.slice(range))
    }

    public func take(_ indices: [Int]) -> BinaryVector {
        var offsets = [Int]()
        offsets.reserveCapacity(indices.count + 1)
        offsets.append(0)
        // Sized exactly (a pass over the offsets): a copy that is kept (a cache of small files' rows) holds no
        // slack from growing, and is not reallocated on the way.
        var total = 0
        for i in indices { total += byteRange(i).count }
        var bytes = [UInt8]()
        bytes.reserveCapacity(total)
        var bits = validity.map { _ in Bitmap() }
        bits?.reserveCapacity(indices.count)
        byteStorage.withUnsafeBytes { all in
            for i in indices {
                bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: all[byteRange(i)]))
                offsets.append(bytes.count)
                bits?.append(!isNull(i))
            }
        }
        return BinaryVector(offsets: offsets, bytes: bytes, validity: bits)
    }
}

extension BinaryVector: Equatable {
    /// Equal when the same rows are null and present rows hold the same bytes.
    public static func == (a: BinaryVector, b: BinaryVector) -> Bool {
        guard a.count == b.count else { return false }
        for i in 0..<a.count {
            let an = a.isNull(i)
            guard an == b.isNull(i) else { return false }
            if an { continue }
            let same = a.withBytes(at: i) { x in b.withBytes(at: i) { y in x.elementsEqual(y) } }
            if !same { return false }
        }
        return true
    }
}
