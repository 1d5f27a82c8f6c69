/// A column of fixed-width values with an optional validity bitmap (nil = no nulls).
/// Null slots hold `Element.zero`. Slices share storage with the vector they come from.
public struct PrimitiveVector<Element: PrimitiveElement>: Sendable {
    @usableFromInline var storage: [Element]
    @usableFromInline var start: Int
    public let count: Int
    /// Bit i set = row i present; nil when no row is null.
    public let validity: Bitmap?

    /// Wraps `values`; `validity`, when given, must have the same count.
    public init(_ values: [Element], validity: Bitmap? = nil) {
        precondition(validity == nil || validity?.count == values.count, "validity length differs from values")
        storage = values
        start = 0
        count = values.count
        self.validity = validity.flatMap { $0.setCount == $0.count ? nil : $0 }
    }

    /// Wraps optionals, nil becoming null.
    public init(optionals: [Element?]) {
        var bits = Bitmap()
        bits.reserveCapacity(optionals.count)
        var values = [Element]()
        values.reserveCapacity(optionals.count)
        for v in optionals {
            bits.append(v != nil)
            values.append(v ?? .zero)
        }
        self.init(values, validity: bits)
    }

    init(storage: [Element], start: Int, count: Int, validity: Bitmap?) {
        self.storage = storage
        self.start = start
        self.count = count
        self.validity = validity
    }

    @inlinable public func isNull(_ i: Int) -> Bool { validity.map { !$0[i] } ?? false }

    /// The value at `i`, ignoring validity (a null slot reads as `.zero`).
    @inlinable public func rawValue(_ i: Int) -> Element {
        precondition(i >= 0 && i < count, "row index out of range")
        return storage[start &+ i]
    }

    /// The value at `i`, or nil when null.
    @inlinable public subscript(i: Int) -> Element? { isNull(i) ? nil : rawValue(i) }

    public var nullCount: Int { validity.map { $0.count - $0.setCount } ?? 0 }

    /// Calls `body` with the contiguous values of this vector (null slots included).
    @inlinable public func withUnsafeBufferPointer<R, E: Error>(_ body: (UnsafeBufferPointer<Element>) throws(E) -> R) throws(E) -> R {
        let r: Result<R, E> = storage.withUnsafeBufferPointer { all in
            let window = UnsafeBufferPointer(rebasing: all[start..<(start + count)])
            return Result { () throws(E) -> R in try body(window) }
        }
        return try r.get()
    }

    /// The values as an array (null slots included), copying only when this is a slice.
    public var values: [Element] {
        start == 0 && storage.count == count ? storage : Array(storage[start..<(start + count)])
    }

    public func slice(_ range: Range<Int>) -> PrimitiveVector {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "slice out of range")
        return PrimitiveVector(storage: storage, start: start + range.lowerBound, count: range.count,
                               validity: validity?.slice(range))
    }

    public func take(_ indices: [Int]) -> PrimitiveVector {
        var out = [Element]()
        out.reserveCapacity(indices.count)
        for i in indices { out.append(rawValue(i)) }
        guard let validity else { return PrimitiveVector(out) }
        var bits = Bitmap()
        bits.reserveCapacity(indices.count)
        for i in indices { bits.append(validity[i]) }
        return PrimitiveVector(out, validity: bits)
    }
}

extension PrimitiveVector: Equatable {
    /// Equal when the same rows are null and the present values have identical bits (so NaN equals NaN
    /// and -0.0 differs from +0.0, which is what a round-trip test needs).
    public static func == (a: PrimitiveVector, b: PrimitiveVector) -> Bool {
        guard a.count == b.count else { return false }
        for i in 0..<a.count {
            let an = a.isNull(i)
            guard an == b.isNull(i) else { return false }
            if !an && a.rawValue(i).rawBits != b.rawValue(i).rawBits { return false }
        }
        return true
    }
}
