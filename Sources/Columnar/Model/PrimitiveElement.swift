/// A fixed-width value type that a ``PrimitiveVector`` can hold: `Int32`, `Int64`, `Float`, `Double`.
public protocol PrimitiveElement: Sendable, Comparable, Hashable, BitwiseCopyable {
    /// The value stored in null slots.
    static var zero: Self { get }
    /// The raw bits, zero-extended; used for equality that treats NaN payloads and -0.0 exactly.
    var rawBits: UInt64 { get }
    /// Whether the value is a NaN (never true for integers).
    var isNaNValue: Bool { get }
}

extension Int32: PrimitiveElement {
    public var rawBits: UInt64 { UInt64(UInt32(bitPattern: self)) }
    public var isNaNValue: Bool { false }
}

extension Int64: PrimitiveElement {
    public var rawBits: UInt64 { UInt64(bitPattern: self) }
    public var isNaNValue: Bool { false }
}

extension Float: PrimitiveElement {
    public var rawBits: UInt64 { UInt64(bitPattern) }
    public var isNaNValue: Bool { isNaN }
}

extension Double: PrimitiveElement {
    public var rawBits: UInt64 { bitPattern }
    public var isNaNValue: Bool { isNaN }
}
