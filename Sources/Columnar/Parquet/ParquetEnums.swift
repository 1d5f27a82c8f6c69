// Parquet's enumerations, kept as raw values so that a file written by a newer writer with values this
// reader does not know still parses; code that needs a value it does not know reports `unsupported`.

/// The physical (storage) type of a leaf column.
package struct ParquetPhysicalType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    package let rawValue: Int32
    package init(rawValue: Int32) { self.rawValue = rawValue }
    package static let boolean = Self(rawValue: 0)
    package static let int32 = Self(rawValue: 1)
    package static let int64 = Self(rawValue: 2)
    package static let int96 = Self(rawValue: 3)
    package static let float = Self(rawValue: 4)
    package static let double = Self(rawValue: 5)
    package static let byteArray = Self(rawValue: 6)
    package static let fixedLenByteArray = Self(rawValue: 7)
    package var description: String {
        let names = ["BOOLEAN", "INT32", "INT64", "INT96", "FLOAT", "DOUBLE", "BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY"]
        return names.indices.contains(Int(rawValue)) ? names[Int(rawValue)] : "type \(rawValue)"
    }
}

/// How values (or levels) in a page are encoded.
package struct ParquetEncoding: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    package let rawValue: Int32
    package init(rawValue: Int32) { self.rawValue = rawValue }
    package static let plain = Self(rawValue: 0)
    package static let plainDictionary = Self(rawValue: 2)
    package static let rle = Self(rawValue: 3)
    package static let bitPacked = Self(rawValue: 4)
    package static let deltaBinaryPacked = Self(rawValue: 5)
    package static let deltaLengthByteArray = Self(rawValue: 6)
    package static let deltaByteArray = Self(rawValue: 7)
    package static let rleDictionary = Self(rawValue: 8)
    package static let byteStreamSplit = Self(rawValue: 9)
    package var description: String {
        switch rawValue {
        case 0: return "PLAIN"
        case 2: return "PLAIN_DICTIONARY"
        case 3: return "RLE"
        case 4: return "BIT_PACKED"
        case 5: return "DELTA_BINARY_PACKED"
        case 6: return "DELTA_LENGTH_BYTE_ARRAY"
        case 7: return "DELTA_BYTE_ARRAY"
        case 8: return "RLE_DICTIONARY"
        case 9: return "BYTE_STREAM_SPLIT"
        default: return "encoding \(rawValue)"
        }
    }
}

/// The compression codec of a column chunk's pages.
package struct ParquetCodec: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    package let rawValue: Int32
    package init(rawValue: Int32) { self.rawValue = rawValue }
    package static let uncompressed = Self(rawValue: 0)
    package static let snappy = Self(rawValue: 1)
    package static let gzip = Self(rawValue: 2)
    package static let lzo = Self(rawValue: 3)
    package static let brotli = Self(rawValue: 4)
    /// Deprecated: Hadoop-framed LZ4 (or, from some writers, a bare LZ4 block).
    package static let lz4 = Self(rawValue: 5)
    package static let zstd = Self(rawValue: 6)
    package static let lz4Raw = Self(rawValue: 7)
    package var description: String {
        switch rawValue {
        case 0: return "UNCOMPRESSED"
        case 1: return "SNAPPY"
        case 2: return "GZIP"
        case 3: return "LZO"
        case 4: return "BROTLI"
        case 5: return "LZ4"
        case 6: return "ZSTD"
        case 7: return "LZ4_RAW"
        default: return "codec \(rawValue)"
        }
    }
}

/// The kind of a page.
package struct ParquetPageType: RawRepresentable, Hashable, Sendable {
    package let rawValue: Int32
    package init(rawValue: Int32) { self.rawValue = rawValue }
    package static let dataPage = Self(rawValue: 0)
    package static let indexPage = Self(rawValue: 1)
    package static let dictionaryPage = Self(rawValue: 2)
    package static let dataPageV2 = Self(rawValue: 3)
}

/// The legacy (pre-LogicalType) annotation of a schema element.
package struct ParquetConvertedType: RawRepresentable, Hashable, Sendable {
    package let rawValue: Int32
    package init(rawValue: Int32) { self.rawValue = rawValue }
    package static let utf8 = Self(rawValue: 0)
    package static let map = Self(rawValue: 1)
    package static let mapKeyValue = Self(rawValue: 2)
    package static let list = Self(rawValue: 3)
    package static let enumeration = Self(rawValue: 4)
    package static let decimal = Self(rawValue: 5)
    package static let date = Self(rawValue: 6)
    package static let timeMillis = Self(rawValue: 7)
    package static let timeMicros = Self(rawValue: 8)
    package static let timestampMillis = Self(rawValue: 9)
    package static let timestampMicros = Self(rawValue: 10)
    package static let uint8 = Self(rawValue: 11)
    package static let uint16 = Self(rawValue: 12)
    package static let uint32 = Self(rawValue: 13)
    package static let uint64 = Self(rawValue: 14)
    package static let int8 = Self(rawValue: 15)
    package static let int16 = Self(rawValue: 16)
    package static let int32 = Self(rawValue: 17)
    package static let int64 = Self(rawValue: 18)
    package static let json = Self(rawValue: 19)
    package static let bson = Self(rawValue: 20)
    package static let interval = Self(rawValue: 21)
}

/// Whether a field is required, optional or repeated.
package struct ParquetRepetition: RawRepresentable, Hashable, Sendable {
    package let rawValue: Int32
    package init(rawValue: Int32) { self.rawValue = rawValue }
    package static let required = Self(rawValue: 0)
    package static let optional = Self(rawValue: 1)
    package static let repeated = Self(rawValue: 2)
}
