import Codecs

/// Everything that can go wrong reading or writing a Parquet file. Each case says what and where, so a
/// corrupt file is reported precisely instead of crashing or returning wrong data.
public enum ParquetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is too short or lacks the `PAR1` magic at its start or end.
    case notParquet(detail: String)
    /// A Thrift structure (footer, page header, bloom filter header) ran past its bytes.
    case truncatedThrift(structure: String, offset: Int)
    /// A Thrift structure is malformed: wrong wire type, bad varint, bad length.
    case malformedThrift(structure: String, offset: Int, detail: String)
    /// Thrift structures nest deeper than the reader allows.
    case thriftTooDeep(offset: Int)
    /// A required Thrift field is absent.
    case missingField(structure: String, field: String)
    /// A metadata value is out of its valid range (negative size, unknown enum, inconsistent counts).
    case invalidMetadata(String)
    /// A page cannot be decoded; `column` is the dotted column path.
    case corruptPage(column: String, offset: Int, detail: String)
    /// An encoded value stream (RLE, delta, plain) is malformed.
    case corruptEncoding(encoding: String, detail: String)
    /// A page's CRC does not match its bytes.
    case checksumMismatch(column: String, offset: Int)
    /// Decompression failed.
    case codec(column: String, CodecError)
    /// The file uses a feature this implementation does not read or write.
    case unsupported(String)
    /// The caller's data does not fit the schema (wrong column count, wrong type, row count mismatch).
    case schemaMismatch(String)
    /// The file could not be read or written.
    case io(path: String, detail: String)

    public var description: String {
        switch self {
        case let .notParquet(detail): return "not a Parquet file: \(detail)"
        case let .truncatedThrift(s, o): return "Thrift \(s) truncated at byte \(o)"
        case let .malformedThrift(s, o, d): return "Thrift \(s) malformed at byte \(o): \(d)"
        case let .thriftTooDeep(o): return "Thrift structures nest too deep at byte \(o)"
        case let .missingField(s, f): return "Thrift \(s) lacks required field \(f)"
        case let .invalidMetadata(d): return "invalid Parquet metadata: \(d)"
        case let .corruptPage(c, o, d): return "column \(c): corrupt page at byte \(o): \(d)"
        case let .corruptEncoding(e, d): return "\(e): \(d)"
        case let .checksumMismatch(c, o): return "column \(c): page CRC mismatch at byte \(o)"
        case let .codec(c, e): return "column \(c): \(e)"
        case let .unsupported(d): return "unsupported Parquet feature: \(d)"
        case let .schemaMismatch(d): return "schema mismatch: \(d)"
        case let .io(p, d): return "\(p): \(d)"
        }
    }
}
