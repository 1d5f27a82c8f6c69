/// How a page's values are encoded (docs/FORMAT.md §5). The writer picks per chunk or per page by measuring.
public enum PageEncoding: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// Fixed-width little-endian values; bit-packed booleans; varlen = FOR-packed lengths, then the bytes.
    case plain = 0
    /// Indices into the chunk's dictionary page, RLE/bit-packed hybrid.
    case dictionary = 1
    /// Booleans as an RLE/bit-packed hybrid of width 1.
    case rle = 2
    /// Integers: first value, then frame-of-reference bit-packed deltas.
    case delta = 3
    /// Integers: frame-of-reference bit-packed blocks.
    case frameOfReference = 4
    /// Strings of one length made of hex digits and fixed separators (ids), as packed nibbles.
    case hex = 5
    /// Text as a page-local table of tokens (cut after each space) and one varint reference per token.
    case tokens = 6

    public var description: String {
        switch self {
        case .plain: return "plain"
        case .dictionary: return "dictionary"
        case .rle: return "rle"
        case .delta: return "delta"
        case .frameOfReference: return "for"
        case .hex: return "hex"
        case .tokens: return "tokens"
        }
    }

    /// Whether a column of `type` may use this encoding.
    public func applies(to type: DataType) -> Bool {
        switch self {
        case .plain: return true
        case .dictionary: return type != .boolean
        case .rle: return type == .boolean
        case .delta, .frameOfReference: return type.isInteger
        case .hex, .tokens: return type == .string || type == .json
        }
    }
}

/// The kind of a page.
enum PageKind: UInt8 {
    case data = 0
    case dictionary = 1
}
