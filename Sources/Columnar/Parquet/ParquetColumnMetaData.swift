/// Where and how one column of one row group is stored.
package struct ParquetColumnMetaData: Sendable, Equatable {
    package var type: ParquetPhysicalType
    package var encodings: [ParquetEncoding]
    package var pathInSchema: [String]
    package var codec: ParquetCodec
    package var numValues: Int64
    package var totalUncompressedSize: Int64
    package var totalCompressedSize: Int64
    package var keyValueMetadata: [ParquetKeyValue] = []
    package var dataPageOffset: Int64
    package var indexPageOffset: Int64?
    package var dictionaryPageOffset: Int64?
    package var statistics: ParquetStatistics?
    package var bloomFilterOffset: Int64?
    package var bloomFilterLength: Int32?

    package init(type: ParquetPhysicalType, encodings: [ParquetEncoding], pathInSchema: [String], codec: ParquetCodec,
                 numValues: Int64, totalUncompressedSize: Int64, totalCompressedSize: Int64, dataPageOffset: Int64) {
        self.type = type
        self.encodings = encodings
        self.pathInSchema = pathInSchema
        self.codec = codec
        self.numValues = numValues
        self.totalUncompressedSize = totalUncompressedSize
        self.totalCompressedSize = totalCompressedSize
        self.dataPageOffset = dataPageOffset
    }

    init(from r: inout ThriftCompactReader) throws(ParquetError) {
        var type: Int32?, encodings: [ParquetEncoding] = [], path: [String]?, codec: Int32?
        var numValues: Int64?, uncompressed: Int64?, compressed: Int64?, dataOffset: Int64?
        var kv: [ParquetKeyValue] = [], indexOffset: Int64?, dictOffset: Int64?
        var stats: ParquetStatistics?, bloomOffset: Int64?, bloomLength: Int32?
        try r.readStruct { r, id, t throws(ParquetError) in
            switch id {
            case 1: type = try r.readI32(t)
            case 2: encodings = try r.readList(t) { r, t throws(ParquetError) in ParquetEncoding(rawValue: try r.readI32(t)) }
            case 3: path = try r.readList(t) { r, t throws(ParquetError) in try r.readString(t) }
            case 4: codec = try r.readI32(t)
            case 5: numValues = try r.readI64(t)
            case 6: uncompressed = try r.readI64(t)
            case 7: compressed = try r.readI64(t)
            case 8: kv = try r.readList(t) { r, t throws(ParquetError) in try ParquetKeyValue(from: &r, t) }
            case 9: dataOffset = try r.readI64(t)
            case 10: indexOffset = try r.readI64(t)
            case 11: dictOffset = try r.readI64(t)
            case 12:
                guard t == .structure else { throw r.malformed("statistics is not a struct") }
                stats = try ParquetStatistics(from: &r)
            case 14: bloomOffset = try r.readI64(t)
            case 15: bloomLength = try r.readI32(t)
            default: try r.skip(t)
            }
        }
        guard let type, let path, let codec, let numValues, let uncompressed, let compressed, let dataOffset else {
            throw ParquetError.missingField(structure: "ColumnMetaData", field: "type/path/codec/sizes/offset")
        }
        self.init(type: ParquetPhysicalType(rawValue: type), encodings: encodings, pathInSchema: path,
                  codec: ParquetCodec(rawValue: codec), numValues: numValues, totalUncompressedSize: uncompressed,
                  totalCompressedSize: compressed, dataPageOffset: dataOffset)
        keyValueMetadata = kv
        indexPageOffset = indexOffset
        dictionaryPageOffset = dictOffset
        statistics = stats
        bloomFilterOffset = bloomOffset
        bloomFilterLength = bloomLength
    }

    func writeFields(to w: inout ThriftCompactWriter) {
        w.field(1, i32: type.rawValue)
        w.field(2, listOf: .i32, count: encodings.count)
        for e in encodings { w.element(i32: e.rawValue) }
        w.field(3, listOf: .binary, count: pathInSchema.count)
        for p in pathInSchema { w.element(string: p) }
        w.field(4, i32: codec.rawValue)
        w.field(5, i64: numValues)
        w.field(6, i64: totalUncompressedSize)
        w.field(7, i64: totalCompressedSize)
        if !keyValueMetadata.isEmpty {
            w.field(8, listOf: .structure, count: keyValueMetadata.count)
            for kv in keyValueMetadata { kv.write(to: &w) }
        }
        w.field(9, i64: dataPageOffset)
        if let indexPageOffset { w.field(10, i64: indexPageOffset) }
        if let dictionaryPageOffset { w.field(11, i64: dictionaryPageOffset) }
        if let statistics { w.field(12) { statistics.writeFields(to: &$0) } }
        if let bloomFilterOffset { w.field(14, i64: bloomFilterOffset) }
        if let bloomFilterLength { w.field(15, i32: bloomFilterLength) }
    }
}

/// A key/value pair of file or column metadata.
package struct ParquetKeyValue: Sendable, Equatable {
    package var key: String
    package var value: String?

    package init(key: String, value: String?) {
        self.key = key
        self.value = value
    }

    init(from r: inout ThriftCompactReader, _ t: ThriftType) throws(ParquetError) {
        var key: String?, value: String?
        try r.readStruct(t) { r, id, t throws(ParquetError) in
            switch id {
            case 1: key = try r.readString(t)
            case 2: value = try r.readString(t)
            default: try r.skip(t)
            }
        }
        guard let key else { throw ParquetError.missingField(structure: "KeyValue", field: "key") }
        self.init(key: key, value: value)
    }

    func write(to w: inout ThriftCompactWriter) {
        w.writeStruct { w in
            w.field(1, string: key)
            if let value { w.field(2, string: value) }
        }
    }
}
