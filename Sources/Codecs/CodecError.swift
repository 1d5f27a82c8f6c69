/// Errors raised by the compression wrappers. Each names the codec and what went wrong,
/// so a corrupt page or Kafka batch can be reported precisely by the caller.
public enum CodecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The compressed input is malformed; `detail` is the library's own message.
    case corruptInput(codec: String, detail: String)
    /// The input ended before the compressed stream did.
    case truncatedInput(codec: String)
    /// Decompressing would produce more than the caller's bound allows.
    case outputLimitExceeded(codec: String, limit: Int)
    /// The decompressed size differs from the size the caller expected.
    case sizeMismatch(codec: String, expected: Int, actual: Int)
    /// The library failed for a reason not caused by the input (e.g. out of memory, bad parameter).
    case libraryFailure(codec: String, detail: String)

    public var description: String {
        switch self {
        case let .corruptInput(codec, detail): return "\(codec): corrupt input (\(detail))"
        case let .truncatedInput(codec): return "\(codec): input is truncated"
        case let .outputLimitExceeded(codec, limit): return "\(codec): output exceeds the limit of \(limit) bytes"
        case let .sizeMismatch(codec, expected, actual):
            return "\(codec): expected \(expected) decompressed bytes, got \(actual)"
        case let .libraryFailure(codec, detail): return "\(codec): \(detail)"
        }
    }
}

extension Array where Element == UInt8 {
    /// Creates an array of `count` bytes and lets `body` fill a prefix of it, returning how many bytes it wrote.
    @inlinable
    init(fillingUpTo count: Int, _ body: (UnsafeMutableRawBufferPointer) throws -> Int) rethrows {
        self = try [UInt8](unsafeUninitializedCapacity: Swift.max(count, 0)) { buffer, initialized in
            initialized = 0
            let written = try body(UnsafeMutableRawBufferPointer(buffer))
            initialized = written
        }
    }
}

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` that keeps the closure's typed error (the standard library's version erases it).
    @inlinable
    func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let result: Result<R, E> = withUnsafeBytes { raw in Result { () throws(E) -> R in try body(raw) } }
        return try result.get()
    }
}
