/// A fixed-width value type that a ``PrimitiveVector`` can hold: `Int32`, `Int64`, `Float`, `Double`.
public protocol PrimitiveElement: Sendable, Comparable, Hashable, BitwiseCopyable {
    /// The value stored in null slots.
    static var zero: Self { get }
    /// The raw bits, zero-extended; used for equality that treats NaN payloads and -0.0 exactly.
    var rawBits: UInt64 { get }
    /// Whether the value is a NaN (never true for integers).
    var isNaNValue: Bool { get }
    /// Integers widened to Int64 (floats: their bit pattern; integer encodings never see floats).
    var widened: Int64 { get }
    /// The integer `v` if it fits this type; nil otherwise (and always nil for floats).
    init?(narrowing v: Int64)
}

extension Int32: PrimitiveElement {
    public var rawBits: UInt64 { UInt64(UInt32(bitPattern: self)) }
    public var isNaNValue: Bool { false }
    public var widened: Int64 { Int64(self) }
    public init?(narrowing v: Int64) { self.init(exactly: v) }
}

extension Int64: PrimitiveElement {
    public var rawBits: UInt64 { UInt64(bitPattern: self) }
    public var isNaNValue: Bool { false }
    public var widened: Int64 { self }
    public init?(narrowing v: Int64) { self = v }
}

extension Float: PrimitiveElement {
    public var rawBits: UInt64 { UInt64(bitPattern) }
    public var isNaNValue: Bool { isNaN }
    public var widened: Int64 { Int64(bitPattern: UInt64(bitPattern)) }
    public init?(narrowing v: Int64) { nil }
}

extension Double: PrimitiveElement {
    public var rawBits: UInt64 { bitPattern }
    public var isNaNValue: Bool { isNaN }
    public var widened: Int64 { Int64(bitPattern: bitPattern) }
    public init?(narrowing v: Int64) { nil }
}
