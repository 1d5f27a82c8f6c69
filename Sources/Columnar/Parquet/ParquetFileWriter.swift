/// Writes ``RecordBatch``es as a Parquet file that Spark, Trino, pyarrow and delta-rs read.
///
/// Each field becomes one flat column carrying its field id; each `write` call adds one or more row groups.
/// The file is assembled in memory and returned by `finish()`, or written to disk by `write(_:to:options:)`.
///
/// ```swift
/// var writer = ParquetFileWriter(schema: batch.schema)
/// try writer.write(batch)
/// let bytes = try writer.finish()
/// // or, in one step:
/// let summary = try ParquetFileWriter.write(batch, to: "/data/part-0.parquet")
/// ```
public struct ParquetFileWriter: Sendable {
    /// What a finished file holds, for table metadata (row counts, per-column statistics).
    public struct Summary: Sendable, Equatable {
        public var rowCount: Int
        public var byteCount: Int
        public var rowGroupCount: Int
        /// Per field, statistics over the whole file.
        public var statistics: [ColumnStatistics]
    }

    public let schema: Schema
    public let options: ParquetWriteOptions
    /// The file so far, as the pieces it was produced in (never copied into one buffer until `finish`).
    private var pieces: [[UInt8]]
    private var size: Int
    private var rowGroups: [ParquetRowGroup] = []
    private var statistics: [ColumnStatistics]
    private var rows = 0
    private var finished = false

    public init(schema: Schema, options: ParquetWriteOptions = ParquetWriteOptions()) {
        self.schema = schema
        self.options = options
        pieces = [ParquetFileReader.magic]
        size = ParquetFileReader.magic.count
        statistics = schema.fields.map { _ in ColumnStatistics(valueCount: 0, nullCount: 0) }
    }

    /// Appends the rows of `batch` (whose schema must be this writer's) as one or more row groups.
    public mutating func write(_ batch: RecordBatch) throws(ParquetError) {
        guard !finished else { throw .schemaMismatch("write after finish") }
        guard batch.schema == schema else { throw .schemaMismatch("batch schema \(batch.schema) differs from \(schema)") }
        var start = 0
        let step = Swift.max(1, options.rowGroupRows)
        while start < batch.rowCount {
            let end = Swift.min(batch.rowCount, start + step)
            try writeRowGroup(start == 0 && end == batch.rowCount ? batch : batch.slice(start..<end))
            start = end
        }
    }

    private mutating func writeRowGroup(_ batch: RecordBatch) throws(ParquetError) {
        let groupStart = size
        var chunks: [ParquetColumnChunk] = []
        var blooms: [(Int, SplitBlockBloomFilter)] = []
        var uncompressed: Int64 = 0
        for (i, field) in schema.fields.enumerated() {
            let (bytes, encoded) = try ColumnChunkEncoder(field: field, options: options).encode(batch.columns[i], at: size)
            append(bytes)
            chunks.append(ParquetColumnChunk(metaData: encoded.meta))
            uncompressed += encoded.meta.totalUncompressedSize
            statistics[i] = rows == 0 ? encoded.statistics : statistics[i].merged(with: encoded.statistics)
            if let b = encoded.bloomFilter { blooms.append((i, b)) }
        }
        for (i, filter) in blooms {
            let bytes = filter.serialized()
            chunks[i].metaData.bloomFilterOffset = Int64(size)
            chunks[i].metaData.bloomFilterLength = Int32(bytes.count)
            append(bytes)
        }
        var group = ParquetRowGroup(columns: chunks, totalByteSize: uncompressed, numRows: Int64(batch.rowCount))
        group.fileOffset = Int64(groupStart)
        group.totalCompressedSize = Int64(size - groupStart)
        group.ordinal = Int16(truncatingIfNeeded: rowGroups.count)
        rowGroups.append(group)
        rows += batch.rowCount
    }

    private mutating func append(_ bytes: [UInt8]) {
        pieces.append(bytes)
        size += bytes.count
    }

    /// Appends the footer and returns the whole file. The writer accepts no more rows afterwards.
    public mutating func finish() throws(ParquetError) -> [UInt8] {
        let all = try finishPieces()
        var out = [UInt8]()
        out.reserveCapacity(size)
        for p in all { out.append(contentsOf: p) }
        return out
    }

    /// `finish` without joining the pieces, for writing them straight to a file.
    mutating func finishPieces() throws(ParquetError) -> [[UInt8]] {
        guard !finished else { throw .schemaMismatch("finish called twice") }
        finished = true
        var root = ParquetSchemaElement(name: "schema")
        root.numChildren = Int32(schema.count)
        var meta = ParquetFileMetaData(schema: [root] + schema.fields.map(ParquetWriteMapping.element(for:)),
                                       numRows: Int64(rows), rowGroups: rowGroups)
        meta.createdBy = "SwiftLake Columnar"
        meta.hasTypeDefinedColumnOrders = true
        meta.keyValueMetadata = options.metadata.sorted { $0.key < $1.key }.map { ParquetKeyValue(key: $0.key, value: $0.value) }
        var footer = meta.encoded()
        withUnsafeBytes(of: UInt32(footer.count).littleEndian) { footer.append(contentsOf: $0) }
        footer.append(contentsOf: ParquetFileReader.magic)
        append(footer)
        let out = pieces
        pieces = []
        return out
    }

    /// What has been written so far (complete after `finish`).
    public var summary: Summary {
        Summary(rowCount: rows, byteCount: size, rowGroupCount: rowGroups.count,
                statistics: rows == 0 ? schema.fields.map { _ in ColumnStatistics(valueCount: 0, nullCount: 0) } : statistics)
    }

    /// Writes `batch` as a complete Parquet file at `path` (replacing any file there); with `sync`, the file
    /// is flushed to stable storage before this returns.
    @discardableResult
    public static func write(_ batch: RecordBatch, to path: String, options: ParquetWriteOptions = ParquetWriteOptions(),
                             sync: Bool = false) throws(ParquetError) -> Summary {
        var writer = ParquetFileWriter(schema: batch.schema, options: options)
        try writer.write(batch)
        let pieces = try writer.finishPieces()
        try FileIO.writeFile(path, pieces, sync: sync)
        return writer.summary
    }
}
