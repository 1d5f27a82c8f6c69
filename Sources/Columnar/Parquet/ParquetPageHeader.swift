/// The header in front of every page of a column chunk.
package struct ParquetPageHeader: Sendable, Equatable {
    /// Fields of a v1 data page.
    package struct DataV1: Sendable, Equatable {
        package var numValues: Int32
        package var encoding: ParquetEncoding
        package var definitionLevelEncoding: ParquetEncoding
        package var repetitionLevelEncoding: ParquetEncoding
        package var statistics: ParquetStatistics?
    }

    /// Fields of a v2 data page, whose levels are stored uncompressed ahead of the values.
    package struct DataV2: Sendable, Equatable {
        package var numValues: Int32
        package var numNulls: Int32
        package var numRows: Int32
        package var encoding: ParquetEncoding
        package var definitionLevelsByteLength: Int32
        package var repetitionLevelsByteLength: Int32
        package var isCompressed: Bool = true
        package var statistics: ParquetStatistics?
    }

    /// Fields of a dictionary page.
    package struct Dictionary: Sendable, Equatable {
        package var numValues: Int32
        package var encoding: ParquetEncoding
        package var isSorted: Bool?
    }

    package var type: ParquetPageType
    package var uncompressedPageSize: Int32
    package var compressedPageSize: Int32
    package var crc: Int32?
    package var dataV1: DataV1?
    package var dictionary: Dictionary?
    package var dataV2: DataV2?

    package init(type: ParquetPageType, uncompressedPageSize: Int32, compressedPageSize: Int32) {
        self.type = type
        self.uncompressedPageSize = uncompressedPageSize
        self.compressedPageSize = compressedPageSize
    }

    /// Decodes a page header starting at `r`'s position.
    init(from r: inout ThriftCompactReader) throws(ParquetError) {
        var type: Int32?, uncompressed: Int32?, compressed: Int32?
        var crc: Int32?, v1: DataV1?, dict: Dictionary?, v2: DataV2?
        try r.readStruct { r, id, t throws(ParquetError) in
            switch id {
            case 1: type = try r.readI32(t)
            case 2: uncompressed = try r.readI32(t)
            case 3: compressed = try r.readI32(t)
            case 4: crc = try r.readI32(t)
            case 5: v1 = try Self.readV1(&r, t)
            case 7: dict = try Self.readDictionary(&r, t)
            case 8: v2 = try Self.readV2(&r, t)
            default: try r.skip(t)
            }
        }
        guard let type else { throw ParquetError.missingField(structure: "PageHeader", field: "type") }
        guard let uncompressed, let compressed, uncompressed >= 0, compressed >= 0 else {
            throw ParquetError.missingField(structure: "PageHeader", field: "page sizes")
        }
        self.init(type: ParquetPageType(rawValue: type), uncompressedPageSize: uncompressed, compressedPageSize: compressed)
        self.crc = crc
        dataV1 = v1
        dictionary = dict
        dataV2 = v2
    }

    private static func readV1(_ r: inout ThriftCompactReader, _ t: ThriftType) throws(ParquetError) -> DataV1 {
        var n: Int32?, enc: Int32?, dl: Int32 = 3, rl: Int32 = 3
        var stats: ParquetStatistics?
        try r.readStruct(t) { r, id, t throws(ParquetError) in
            switch id {
            case 1: n = try r.readI32(t)
            case 2: enc = try r.readI32(t)
            case 3: dl = try r.readI32(t)
            case 4: rl = try r.readI32(t)
            case 5:
                guard t == .structure else { throw r.malformed("statistics is not a struct") }
                stats = try ParquetStatistics(from: &r)
            default: try r.skip(t)
            }
        }
        guard let n, let enc else { throw ParquetError.missingField(structure: "DataPageHeader", field: "num_values/encoding") }
        return DataV1(numValues: n, encoding: ParquetEncoding(rawValue: enc),
                      definitionLevelEncoding: ParquetEncoding(rawValue: dl),
                      repetitionLevelEncoding: ParquetEncoding(rawValue: rl), statistics: stats)
    }

    private static func readV2(_ r: inout ThriftCompactReader, _ t: ThriftType) throws(ParquetError) -> DataV2 {
        var n: Int32?, nulls: Int32?, rows: Int32?, enc: Int32?, dlen: Int32?, rlen: Int32?
        var compressed = true
        var stats: ParquetStatistics?
        try r.readStruct(t) { r, id, t throws(ParquetError) in
            switch id {
            case 1: n = try r.readI32(t)
            case 2: nulls = try r.readI32(t)
            case 3: rows = try r.readI32(t)
            case 4: enc = try r.readI32(t)
            case 5: dlen = try r.readI32(t)
            case 6: rlen = try r.readI32(t)
            case 7: compressed = try r.readBool(t)
            case 8:
                guard t == .structure else { throw r.malformed("statistics is not a struct") }
                stats = try ParquetStatistics(from: &r)
            default: try r.skip(t)
            }
        }
        guard let n, let nulls, let rows, let enc, let dlen, let rlen else {
            throw ParquetError.missingField(structure: "DataPageHeaderV2", field: "counts/lengths")
        }
        return DataV2(numValues: n, numNulls: nulls, numRows: rows, encoding: ParquetEncoding(rawValue: enc),
                      definitionLevelsByteLength: dlen, repetitionLevelsByteLength: rlen,
                      isCompressed: compressed, statistics: stats)
    }

    private static func readDictionary(_ r: inout ThriftCompactReader, _ t: ThriftType) throws(ParquetError) -> Dictionary {
        var n: Int32?, enc: Int32 = 0, sorted: Bool?
        try r.readStruct(t) { r, id, t throws(ParquetError) in
            switch id {
            case 1: n = try r.readI32(t)
            case 2: enc = try r.readI32(t)
            case 3: sorted = try r.readBool(t)
            default: try r.skip(t)
            }
        }
        guard let n else { throw ParquetError.missingField(structure: "DictionaryPageHeader", field: "num_values") }
        return Dictionary(numValues: n, encoding: ParquetEncoding(rawValue: enc), isSorted: sorted)
    }

    /// Appends the encoded header to `w`.
    func write(to w: inout ThriftCompactWriter) {
        w.writeStruct { w in
            w.field(1, i32: type.rawValue)
            w.field(2, i32: uncompressedPageSize)
            w.field(3, i32: compressedPageSize)
            if let crc { w.field(4, i32: crc) }
            if let v = dataV1 {
                w.field(5) { w in
                    w.field(1, i32: v.numValues)
                    w.field(2, i32: v.encoding.rawValue)
                    w.field(3, i32: v.definitionLevelEncoding.rawValue)
                    w.field(4, i32: v.repetitionLevelEncoding.rawValue)
                    if let s = v.statistics { w.field(5) { s.writeFields(to: &$0) } }
                }
            }
            if let d = dictionary {
                w.field(7) { w in
                    w.field(1, i32: d.numValues)
                    w.field(2, i32: d.encoding.rawValue)
                    if let sorted = d.isSorted { w.field(3, bool: sorted) }
                }
            }
            if let v = dataV2 {
                w.field(8) { w in
                    w.field(1, i32: v.numValues)
                    w.field(2, i32: v.numNulls)
                    w.field(3, i32: v.numRows)
                    w.field(4, i32: v.encoding.rawValue)
                    w.field(5, i32: v.definitionLevelsByteLength)
                    w.field(6, i32: v.repetitionLevelsByteLength)
                    w.field(7, bool: v.isCompressed)
                    if let s = v.statistics { w.field(8) { s.writeFields(to: &$0) } }
                }
            }
        }
    }
}
