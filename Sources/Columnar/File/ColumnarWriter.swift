/// Writes record batches into SwiftLake's columnar file format (docs/FORMAT.md), in memory.
///
/// Rows are buffered until a row group is full, so memory holds at most one row group of input plus the
/// encoded file. `finish()` returns the file's bytes — those not yet taken by `drain` (``ColumnarFileWriter``
/// drains after every row group, so that the encoded file is never all in memory).
public struct ColumnarWriter: Sendable {
    public let schema: Schema
    public let options: ColumnarWriteOptions
    private var out = ByteWriter(capacity: 1 << 16)
    private var pending: [RecordBatch] = []
    private var pendingRows = 0
    private var rowGroups: [RowGroupMetadata] = []
    private var rowsWritten = 0
    private var buffers = PageBuffers()
    /// Bytes of the file already handed out by `drain`; `out` holds the file from this offset on.
    private var drained = 0
    /// Per field, whether its chunks get a bloom filter.
    private let bloomFilters: [Bool]

    public init(schema: Schema, options: ColumnarWriteOptions = ColumnarWriteOptions()) {
        self.schema = schema
        self.options = options
        bloomFilters = schema.fields.map { options.bloomFilterColumns.contains($0.name) }
        out.append(FileLayout.magic)
        out.u16(FileLayout.formatVersion)
        out.u16(0)
    }

    /// Adds rows; `batch.schema` must equal the writer's schema.
    public mutating func write(_ batch: RecordBatch) throws(ColumnarError) {
        try validateOptions()
        guard batch.schema == schema else { throw .schemaMismatch(detail: "expected \(schema), got \(batch.schema)") }
        guard batch.rowCount > 0 else { return }
        pending.append(batch)
        pendingRows += batch.rowCount
        while pendingRows >= rowGroupRows { try flushRowGroup(rows: rowGroupRows) }
    }

    /// Writes what is buffered, the footer and the trailer, and returns the whole file.
    public mutating func finish() throws(ColumnarError) -> [UInt8] {
        try validateOptions()
        if pendingRows > 0 { try flushRowGroup(rows: pendingRows) }
        let metadata = FileMetadata(schema: schema, rowGroups: rowGroups, keyValueMetadata: options.keyValueMetadata,
                                    createdBy: options.createdBy)
        let footerStart = out.count
        FooterCodec.encode(metadata, into: &out)
        let footerCount = out.count - footerStart
        guard footerCount <= Int(UInt32.max) else { throw .capacityExceeded(detail: "footer of \(footerCount) bytes") }
        let crc = out.bytes.withUnsafeBytes { CRC32CChecksum.of(UnsafeRawBufferPointer(rebasing: $0[footerStart...])) }
        out.u32(UInt32(footerCount))
        out.u32(crc)
        out.append(FileLayout.magic)
        return out.bytes
    }

    private func validateOptions() throws(ColumnarError) {
        for (name, encoding) in options.forcedEncodings {
            guard let f = schema.field(named: name) else { throw .unknownColumn(name: name) }
            guard encoding.applies(to: f.type) else {
                throw .schemaMismatch(detail: "encoding \(encoding) does not apply to \(name) of type \(f.type)")
            }
        }
    }

    /// Rows buffered for the next row group.
    var pendingRowCount: Int { pendingRows }

    /// The rows per row group.
    var rowGroupRows: Int { min(max(1, options.rowGroupRows), FileLayout.maxRowGroupRows) }

    /// Passes the encoded bytes not yet drained (the file's next bytes) to `body`, then forgets them, keeping
    /// the buffer for the next row group.
    mutating func drain<E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> Void) throws(E) {
        try out.bytes.withBytes(body)
        drained += out.count
        out.bytes.removeAll(keepingCapacity: true)
    }

    /// The metadata of the row groups written so far.
    public var writtenRowGroups: [RowGroupMetadata] { rowGroups }

    private mutating func flushRowGroup(rows: Int) throws(ColumnarError) {
        // Take `rows` rows off the front of the queue, slicing without copying where possible.
        var parts: [RecordBatch] = []
        var need = rows
        while need > 0, let first = pending.first {
            if first.rowCount <= need {
                parts.append(first)
                need -= first.rowCount
                pending.removeFirst()
            } else {
                parts.append(first.slice(0..<need))
                pending[0] = first.slice(need..<first.rowCount)
                need = 0
            }
        }
        pendingRows -= rows
        let group = try RecordBatch.concatenate(parts, schema: schema)
        var chunks: [ColumnChunkMetadata] = []
        // One compression context for the row group's pages instead of one per page or chunk.
        let zstd = try ChunkWriter.makeCompressor(options)
        chunks.reserveCapacity(schema.count)
        for (i, (field, column)) in zip(schema.fields, group.columns).enumerated() {
            chunks.append(try ChunkWriter(field: field, options: options, base: drained, bloomFilter: bloomFilters[i])
                .write(column, into: &out, buffers: &buffers, zstd: zstd))
        }
        rowGroups.append(RowGroupMetadata(rowCount: group.rowCount, firstRow: rowsWritten, columns: chunks))
        rowsWritten += group.rowCount
        // Size the file buffer for the rows already waiting, at the rate seen so far, so that it is not copied
        // again at every doubling.
        if pendingRows > 0 && rowsWritten > 0 && drained == 0 {
            let expected = out.count + out.count / rowsWritten * pendingRows
            if expected > out.bytes.capacity { out.bytes.reserveCapacity(expected + expected / 16) }
        }
    }

    /// Writes `batches` (all of `schema`) into one file and returns its bytes.
    public static func write(_ batches: [RecordBatch], schema: Schema,
                             options: ColumnarWriteOptions = ColumnarWriteOptions()) throws(ColumnarError) -> [UInt8] {
        var w = ColumnarWriter(schema: schema, options: options)
        for b in batches { try w.write(b) }
        return try w.finish()
    }
}
