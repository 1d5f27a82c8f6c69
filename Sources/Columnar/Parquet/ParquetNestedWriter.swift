/// Writes a Parquet file whose columns are nested (groups, LISTs, MAPs), such as a Delta checkpoint.
///
/// Rows are appended as one ``ParquetNestedValue`` per top-level field; every `rowGroupRows` rows become a
/// row group in which each leaf is one PLAIN data page (v1) with RLE levels, compressed with the options'
/// codec. No dictionaries, statistics or bloom filters: the files this is for are read whole.
///
/// ```swift
/// var w = try ParquetNestedWriter(fields: [.group("txn", [.primitive("appId", .string), .primitive("version", .int64)])])
/// try w.append(row: [.group([.string("app"), .int64(3)])])
/// let bytes = try w.finish()
/// ```
package struct ParquetNestedWriter {
    package let options: ParquetWriteOptions
    private var shredder: NestedShredder
    private var file: [UInt8] = ParquetFileReader.magic
    private var rowGroups: [ParquetRowGroup] = []
    private var pendingRows = 0
    private var rows = 0

    package init(fields: [ParquetNestedField], options: ParquetWriteOptions = ParquetWriteOptions()) throws(ParquetError) {
        self.options = options
        shredder = try NestedShredder(fields: fields)
    }

    package mutating func append(row: [ParquetNestedValue]) throws(ParquetError) {
        try shredder.append(row: row)
        pendingRows += 1
        if pendingRows >= Swift.max(1, options.rowGroupRows) { try flushRowGroup() }
    }

    private mutating func flushRowGroup() throws(ParquetError) {
        guard pendingRows > 0 else { return }
        let groupStart = file.count
        var chunks: [ParquetColumnChunk] = []
        var uncompressedTotal: Int64 = 0
        let compressor = try PageCompressor(codec: options.compression.codec, zstdLevel: options.zstdLevel)
        for l in shredder.leaves.indices {
            let leaf = shredder.leaves[l]
            let (body, entries) = shredder.takePage(l)
            guard let size = Int32(exactly: body.count), let count = Int32(exactly: entries) else {
                throw .schemaMismatch("column \(leaf.path.joined(separator: ".")): page too large")
            }
            let compressed = try body.withRawBytes { raw throws(ParquetError) in try compressor.compress(raw) }
            var header = ParquetPageHeader(type: .dataPage, uncompressedPageSize: size, compressedPageSize: Int32(compressed.count))
            header.dataV1 = .init(numValues: count, encoding: .plain, definitionLevelEncoding: .rle, repetitionLevelEncoding: .rle,
                                  statistics: nil)
            var w = ThriftCompactWriter()
            header.write(to: &w)
            let offset = Int64(file.count)
            file += w.bytes
            file += compressed
            let chunkUncompressed = Int64(w.bytes.count + body.count)
            uncompressedTotal += chunkUncompressed
            let meta = ParquetColumnMetaData(type: ParquetWriteMapping.physical(leaf.type), encodings: [.rle, .plain],
                                             pathInSchema: leaf.path, codec: options.compression.codec,
                                             numValues: Int64(entries), totalUncompressedSize: chunkUncompressed,
                                             totalCompressedSize: Int64(file.count) - offset, dataPageOffset: offset)
            chunks.append(ParquetColumnChunk(metaData: meta))
        }
        var group = ParquetRowGroup(columns: chunks, totalByteSize: uncompressedTotal, numRows: Int64(pendingRows))
        group.fileOffset = Int64(groupStart)
        group.totalCompressedSize = Int64(file.count - groupStart)
        group.ordinal = Int16(truncatingIfNeeded: rowGroups.count)
        rowGroups.append(group)
        rows += pendingRows
        pendingRows = 0
    }

    /// The finished file. A file with no rows has no row groups.
    package mutating func finish() throws(ParquetError) -> [UInt8] {
        try flushRowGroup()
        var meta = ParquetFileMetaData(schema: shredder.elements, numRows: Int64(rows), rowGroups: rowGroups)
        meta.createdBy = "SwiftLake Columnar"
        meta.keyValueMetadata = options.metadata.sorted { $0.key < $1.key }.map { ParquetKeyValue(key: $0.key, value: $0.value) }
        var out = file
        let footer = meta.encoded()
        out += footer
        withUnsafeBytes(of: UInt32(footer.count).littleEndian) { out.append(contentsOf: $0) }
        out += ParquetFileReader.magic
        return out
    }
}
