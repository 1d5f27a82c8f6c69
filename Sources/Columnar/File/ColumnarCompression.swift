/// How a page body is compressed.
public enum ColumnarCompression: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case none = 0
    case zstd = 1
    case zlib = 2

    public var description: String {
        switch self {
        case .none: return "none"
        case .zstd: return "zstd"
        case .zlib: return "zlib"
        }
    }
}
