/// A column of booleans, packed as bits, with an optional validity bitmap (nil = no nulls).
public struct BooleanVector: Sendable, Equatable {
    /// The values; null slots hold `false`.
    public let bits: Bitmap
    public let validity: Bitmap?

    public init(_ bits: Bitmap, validity: Bitmap? = nil) {
        precondition(validity == nil || validity?.count == bits.count, "validity length differs from values")
        self.bits = bits
        self.validity = validity.flatMap { $0.setCount == $0.count ? nil : $0 }
    }

    public init(_ values: [Bool?]) {
        var bits = Bitmap()
        var validity = Bitmap()
        for v in values {
            bits.append(v ?? false)
            validity.append(v != nil)
        }
        self.init(bits, validity: validity)
    }

    public var count: Int { bits.count }
    public var nullCount: Int { validity.map { $0.count - $0.setCount } ?? 0 }
    @inlinable public func isNull(_ i: Int) -> Bool { validity.map { !$0[i] } ?? false }
    public subscript(i: Int) -> Bool? { isNull(i) ? nil : bits[i] }

    public func slice(_ range: Range<Int>) -> BooleanVector {
        BooleanVector(bits.slice(range), validity: validity?.slice(range))
    }

    public func take(_ indices: [Int]) -> BooleanVector {
        var b = Bitmap()
        b.reserveCapacity(indices.count)
        for i in indices { b.append(bits[i]) }
        guard let validity else { return BooleanVector(b) }
        var v = Bitmap()
        v.reserveCapacity(indices.count)
        for i in indices { v.append(validity[i]) }
        return BooleanVector(b, validity: v)
    }

    public static func == (a: BooleanVector, b: BooleanVector) -> Bool {
        guard a.count == b.count else { return false }
        for i in 0..<a.count where a[i] != b[i] { return false }
        return true
    }
}
