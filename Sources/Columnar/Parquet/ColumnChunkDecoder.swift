import Codecs

/// Reads the pages of one column chunk into `LeafValues`.
///
/// For a flat column (no repetition) the result has one slot per row with validity; for a leaf inside a
/// repeated or nested group the values are dense (non-null only) and the levels are kept so the record can be
/// reassembled.
struct ColumnChunkDecoder {
    let leaf: ParquetSchemaTree.Leaf
    let meta: ParquetColumnMetaData
    /// The row group's row count.
    let rows: Int
    /// Whether the leaf belongs to a nested field: then values stay dense and the levels are kept.
    let nested: Bool
    /// Whether to check page CRCs when present.
    var verifyChecksums = true

    /// The decoded chunk.
    struct Output {
        var values: LeafValues
        var definitionLevels: [UInt8] = []
        var repetitionLevels: [UInt8] = []
    }

    private var column: String { leaf.dottedPath }

    /// Limits that keep a lying header from making the reader allocate unbounded memory.
    static let maxValuesPerChunk = 1 << 26
    static let maxPageBytes = 512 << 20

    private func corrupt(_ offset: Int, _ detail: String) -> ParquetError {
        .corruptPage(column: column, offset: offset, detail: detail)
    }

    /// Decodes the chunk whose bytes (from its first page) are `chunk`; `fileOffset` is where they start in
    /// the file, for error messages.
    func decode(_ chunk: UnsafeRawBufferPointer, fileOffset: Int) throws(ParquetError) -> Output {
        guard meta.type == leaf.physical else {
            throw .invalidMetadata("column \(column): chunk type \(meta.type) differs from schema type \(leaf.physical)")
        }
        guard meta.numValues >= 0, meta.numValues <= Int64(Self.maxValuesPerChunk) else {
            throw .invalidMetadata("column \(column): \(meta.numValues) values")
        }
        let totalValues = Int(meta.numValues)
        let flat = !nested
        if flat && totalValues != rows {
            throw .invalidMetadata("column \(column): \(totalValues) values in a row group of \(rows) rows")
        }
        let storage = try LeafValues.storage(for: leaf.physical)
        var out = Output(values: LeafValues(storage: storage, capacity: totalValues))
        if leaf.physical == .byteArray || leaf.physical == .fixedLenByteArray {
            out.values.bytes.reserveCapacity(Int(Swift.min(meta.totalUncompressedSize, Int64(Int32.max))))
        }
        var dictionary: LeafValues?
        var levels = [UInt8]()
        var repLevels = [UInt8]()
        var indices = [UInt32]()
        let typeLength = Int(leaf.element.typeLength ?? 0)
        var position = 0
        var seen = 0
        while seen < totalValues {
            guard position < chunk.count else {
                throw corrupt(fileOffset + position, "chunk ends after \(seen) of \(totalValues) values")
            }
            var reader = ThriftCompactReader(chunk, at: position, structure: "PageHeader")
            let header = try ParquetPageHeader(from: &reader)
            let pageStart = reader.position
            let size = Int(header.compressedPageSize)
            guard size <= chunk.count - pageStart else {
                throw corrupt(fileOffset + pageStart, "page of \(size) bytes runs past the chunk")
            }
            guard Int(header.uncompressedPageSize) <= Self.maxPageBytes else {
                throw .unsupported("page of \(header.uncompressedPageSize) bytes in column \(column) (limit \(Self.maxPageBytes))")
            }
            let page = UnsafeRawBufferPointer(rebasing: chunk[pageStart..<pageStart + size])
            position = pageStart + size
            if verifyChecksums, let crc = header.crc, CRC32.checksum(page) != UInt32(bitPattern: crc) {
                throw .checksumMismatch(column: column, offset: fileOffset + pageStart)
            }
            switch header.type {
            case .dictionaryPage:
                guard dictionary == nil, seen == 0, let d = header.dictionary else {
                    throw corrupt(fileOffset + pageStart, "unexpected dictionary page")
                }
                guard d.encoding == .plain || d.encoding == .plainDictionary, d.numValues >= 0,
                      Int(d.numValues) <= Int(header.uncompressedPageSize) * 8 else {
                    throw .unsupported("dictionary encoding \(d.encoding) in column \(column)")
                }
                let body = try PageCompression.decompress(page, codec: meta.codec, size: Int(header.uncompressedPageSize), column: column)
                var dict = LeafValues(storage: storage, capacity: Int(d.numValues))
                _ = try body.withRawBytes { raw throws(ParquetError) in
                    try dict.appendPlain(raw, count: Int(d.numValues), physical: leaf.physical, typeLength: typeLength)
                }
                dictionary = dict
            case .dataPage:
                guard let v1 = header.dataV1, v1.numValues >= 0, Int(v1.numValues) <= totalValues - seen else {
                    throw corrupt(fileOffset + pageStart, "data page header missing or with too many values")
                }
                let n = Int(v1.numValues)
                let body = try PageCompression.decompress(page, codec: meta.codec, size: Int(header.uncompressedPageSize), column: column)
                try body.withRawBytes { raw throws(ParquetError) in
                    var p = 0
                    if leaf.maxRepetitionLevel > 0 {
                        try checkLevelEncoding(v1.repetitionLevelEncoding)
                        let len = try prefixedLength(raw, p, fileOffset + pageStart)
                        try decodeLevels(UnsafeRawBufferPointer(rebasing: raw[p + 4..<p + 4 + len]), max: leaf.maxRepetitionLevel,
                                         count: n, into: &repLevels)
                        p += 4 + len
                    }
                    if leaf.maxDefinitionLevel > 0 {
                        try checkLevelEncoding(v1.definitionLevelEncoding)
                        let len = try prefixedLength(raw, p, fileOffset + pageStart)
                        try decodeLevels(UnsafeRawBufferPointer(rebasing: raw[p + 4..<p + 4 + len]), max: leaf.maxDefinitionLevel,
                                         count: n, into: &levels)
                        p += 4 + len
                    }
                    try decodeValues(UnsafeRawBufferPointer(rebasing: raw[p...]), encoding: v1.encoding, count: n,
                                     levels: levels, repLevels: repLevels, dictionary: dictionary, indices: &indices,
                                     into: &out, offset: fileOffset + pageStart)
                }
                seen += n
            case .dataPageV2:
                guard let v2 = header.dataV2, v2.numValues >= 0, Int(v2.numValues) <= totalValues - seen,
                      v2.definitionLevelsByteLength >= 0, v2.repetitionLevelsByteLength >= 0,
                      Int(v2.definitionLevelsByteLength) + Int(v2.repetitionLevelsByteLength) <= size,
                      Int(header.uncompressedPageSize) >= Int(v2.definitionLevelsByteLength) + Int(v2.repetitionLevelsByteLength)
                else {
                    throw corrupt(fileOffset + pageStart, "v2 data page header missing or inconsistent")
                }
                let n = Int(v2.numValues)
                let rlen = Int(v2.repetitionLevelsByteLength), dlen = Int(v2.definitionLevelsByteLength)
                if leaf.maxRepetitionLevel > 0 {
                    try decodeLevels(UnsafeRawBufferPointer(rebasing: page[0..<rlen]), max: leaf.maxRepetitionLevel, count: n,
                                     into: &repLevels)
                }
                if leaf.maxDefinitionLevel > 0 {
                    try decodeLevels(UnsafeRawBufferPointer(rebasing: page[rlen..<rlen + dlen]), max: leaf.maxDefinitionLevel,
                                     count: n, into: &levels)
                }
                let compressedValues = UnsafeRawBufferPointer(rebasing: page[(rlen + dlen)...])
                let valuesSize = Int(header.uncompressedPageSize) - rlen - dlen
                let decodeBody = { (raw: UnsafeRawBufferPointer) throws(ParquetError) in
                    try decodeValues(raw, encoding: v2.encoding, count: n, levels: levels, repLevels: repLevels,
                                     dictionary: dictionary, indices: &indices, into: &out, offset: fileOffset + pageStart)
                }
                if v2.isCompressed && meta.codec != .uncompressed {
                    let body = try PageCompression.decompress(compressedValues, codec: meta.codec, size: valuesSize, column: column)
                    try body.withRawBytes { raw throws(ParquetError) in try decodeBody(raw) }
                } else {
                    try decodeBody(compressedValues)
                }
                seen += n
            default:
                continue
            }
        }
        return out
    }

    private func checkLevelEncoding(_ e: ParquetEncoding) throws(ParquetError) {
        guard e == .rle else { throw .unsupported("level encoding \(e) in column \(column)") }
    }

    private func prefixedLength(_ raw: UnsafeRawBufferPointer, _ p: Int, _ offset: Int) throws(ParquetError) -> Int {
        guard raw.count - p >= 4 else { throw corrupt(offset, "levels length prefix missing") }
        let len = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: p, as: UInt32.self)))
        guard len <= raw.count - p - 4 else { throw corrupt(offset, "levels of \(len) bytes run past the page") }
        return len
    }

    /// Decodes `count` RLE levels into `into` (replacing its contents) and checks them against `max`.
    private func decodeLevels(_ raw: UnsafeRawBufferPointer, max: Int, count: Int, into levels: inout [UInt8]) throws(ParquetError) {
        if levels.count < count { levels = [UInt8](repeating: 0, count: count) }
        var decoder = try RLEHybridDecoder(raw, bitWidth: BitPacking.width(UInt64(max)))
        try levels.withMutableBase(orElse: ()) { base throws(ParquetError) in
            try decoder.decode(into: base, count: count)
            for i in 0..<count where Int(base[i]) > max {
                throw ParquetError.corruptEncoding(encoding: "RLE", detail: "level \(base[i]) above the maximum \(max)")
            }
        }
    }

    /// Decodes the values section of a data page.
    private func decodeValues(_ raw: UnsafeRawBufferPointer, encoding: ParquetEncoding, count n: Int, levels: [UInt8],
                              repLevels: [UInt8], dictionary: LeafValues?, indices: inout [UInt32], into out: inout Output,
                              offset: Int) throws(ParquetError) {
        let maxDef = leaf.maxDefinitionLevel
        var nonNull = n
        if maxDef > 0 {
            nonNull = 0
            let m = UInt8(maxDef)
            for i in 0..<n where levels[i] == m { nonNull += 1 }
        }
        let flat = !nested
        let start = out.values.count
        guard nonNull <= out.values.free, !flat || n <= out.values.free else {
            throw corrupt(offset, "page values exceed the chunk's value count")
        }
        if nonNull > 0 {
            switch encoding {
            case .plain:
                try out.values.appendPlain(raw, count: nonNull, physical: leaf.physical, typeLength: Int(leaf.element.typeLength ?? 0))
            case .plainDictionary, .rleDictionary:
                guard let dictionary else { throw corrupt(offset, "dictionary-encoded page without a dictionary page") }
                guard raw.count >= 1 else { throw corrupt(offset, "missing index bit width") }
                let width = Int(raw[0])
                var decoder = try RLEHybridDecoder(UnsafeRawBufferPointer(rebasing: raw[1...]), bitWidth: width)
                if indices.count < nonNull { indices = [UInt32](repeating: 0, count: nonNull) }
                try indices.withMutableBase(orElse: ()) { base throws(ParquetError) in
                    try decoder.decode(into: base, count: nonNull)
                }
                try indices.withUnsafeBufferPointer { b throws(ParquetError) in
                    try out.values.appendIndices(UnsafeBufferPointer(rebasing: b[0..<nonNull]), dictionary: dictionary)
                }
            case .rle:
                try out.values.appendRLEBooleans(raw, count: nonNull)
            case .deltaBinaryPacked:
                try out.values.appendDeltaBinaryPacked(raw, count: nonNull)
            case .deltaLengthByteArray:
                try out.values.appendDeltaLengthByteArray(raw, count: nonNull)
            case .deltaByteArray:
                try out.values.appendDeltaByteArray(raw, count: nonNull)
            case .byteStreamSplit:
                try out.values.appendByteStreamSplit(raw, count: nonNull, physical: leaf.physical,
                                                     typeLength: Int(leaf.element.typeLength ?? 0))
            default:
                throw .unsupported("encoding \(encoding) in column \(column)")
            }
        }
        if flat {
            if nonNull < n {
                levels.withUnsafeBufferPointer { l in
                    out.values.spread(from: start, levels: UnsafeBufferPointer(rebasing: l[0..<n]), maxLevel: UInt8(maxDef),
                                      nonNull: nonNull)
                }
            }
            out.values.count = start + n
        } else {
            if maxDef > 0 {
                out.definitionLevels.append(contentsOf: levels[0..<n])
            } else {
                out.definitionLevels.append(contentsOf: repeatElement(0, count: n))
            }
            if leaf.maxRepetitionLevel > 0 { out.repetitionLevels.append(contentsOf: repLevels[0..<n]) }
        }
    }
}
