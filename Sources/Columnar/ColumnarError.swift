/// Everything that can go wrong building batches or reading and writing columnar files.
/// File errors name the structure at fault and the absolute byte offset in the file where it starts.
public enum ColumnarError: Error, Equatable, Sendable, CustomStringConvertible {
    // Building batches.
    case duplicateField(name: String)
    case duplicateFieldID(id: Int32)
    case unknownColumn(name: String)
    case columnIndexOutOfRange(index: Int, count: Int)
    case rowIndexOutOfRange(index: Int, count: Int)
    case typeMismatch(field: String, expected: DataType, actual: String)
    case nullInNonNullableField(field: String)
    case columnCountMismatch(expected: Int, actual: Int)
    case columnLengthMismatch(field: String, expected: Int, actual: Int)
    case schemaMismatch(detail: String)
    case capacityExceeded(detail: String)

    // Reading files.
    /// The file is shorter than the structure it must contain.
    case truncated(what: String, offset: Int, needed: Int, available: Int)
    /// A magic number is wrong.
    case badMagic(what: String, offset: Int)
    /// The format version is not one this reader understands.
    case unsupportedVersion(Int)
    /// A stored checksum differs from the checksum of the bytes it covers.
    case checksumMismatch(what: String, offset: Int, stored: UInt32, computed: UInt32)
    /// A structure's content is invalid (bad enum tag, count out of range, inconsistent sizes ...).
    case corrupt(what: String, offset: Int, detail: String)
    /// A page could not be decompressed.
    case decompressionFailed(page: Int, offset: Int, detail: String)
    /// The underlying file could not be read or written.
    case io(path: String, detail: String)

    public var description: String {
        switch self {
        case let .duplicateField(name): return "duplicate field name '\(name)'"
        case let .duplicateFieldID(id): return "duplicate field id \(id)"
        case let .unknownColumn(name): return "no column named '\(name)'"
        case let .columnIndexOutOfRange(index, count): return "column index \(index) out of range 0..<\(count)"
        case let .rowIndexOutOfRange(index, count): return "row index \(index) out of range 0..<\(count)"
        case let .typeMismatch(field, expected, actual): return "field '\(field)' expects \(expected), got \(actual)"
        case let .nullInNonNullableField(field): return "null in non-nullable field '\(field)'"
        case let .columnCountMismatch(expected, actual): return "expected \(expected) columns, got \(actual)"
        case let .columnLengthMismatch(field, expected, actual):
            return "column '\(field)' has \(actual) rows, expected \(expected)"
        case let .schemaMismatch(detail): return "schema mismatch: \(detail)"
        case let .capacityExceeded(detail): return "capacity exceeded: \(detail)"
        case let .truncated(what, offset, needed, available):
            return "truncated \(what) at offset \(offset): needs \(needed) bytes, \(available) available"
        case let .badMagic(what, offset): return "bad magic in \(what) at offset \(offset)"
        case let .unsupportedVersion(v): return "unsupported format version \(v)"
        case let .checksumMismatch(what, offset, stored, computed):
            return "checksum mismatch in \(what) at offset \(offset): stored \(stored), computed \(computed)"
        case let .corrupt(what, offset, detail): return "corrupt \(what) at offset \(offset): \(detail)"
        case let .decompressionFailed(page, offset, detail):
            return "page \(page) at offset \(offset) does not decompress: \(detail)"
        case let .io(path, detail): return "\(path): \(detail)"
        }
    }
}
