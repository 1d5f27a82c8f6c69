/// The seam between tables and file formats: DeltaLog writes and scans data files only through this, so
/// SwiftLake's columnar format and Parquet are interchangeable.
public protocol DataFileFormat: Sendable {
    /// Short name, e.g. "columnar" or "parquet".
    var name: String { get }
    /// File name extension without the dot.
    var fileExtension: String { get }
    /// Writes `batches` (all of `schema`) as one file.
    func write(_ batches: [RecordBatch], schema: Schema, options: DataFileWriteOptions) throws(ColumnarError) -> DataFileWriteResult
    /// Opens a file for scanning.
    func open(_ source: any RandomAccessSource) throws(ColumnarError) -> any DataFileReader
}

/// Options every format understands.
public struct DataFileWriteOptions: Sendable {
    /// Rows per row group.
    public var rowGroupRows: Int = 262_144
    public var compression: ColumnarCompression = .zstd
    /// Columns to give bloom filters (the table's key columns).
    public var bloomFilterColumns: Set<String> = []
    public var keyValueMetadata: [String: String] = [:]

    public init(rowGroupRows: Int = 262_144, compression: ColumnarCompression = .zstd,
                bloomFilterColumns: Set<String> = [], keyValueMetadata: [String: String] = [:]) {
        self.rowGroupRows = rowGroupRows
        self.compression = compression
        self.bloomFilterColumns = bloomFilterColumns
        self.keyValueMetadata = keyValueMetadata
    }
}

/// A written file and what a table log records about it.
public struct DataFileWriteResult: Sendable {
    public var bytes: [UInt8]
    public var rowCount: Int
    /// Per column in schema order, over the whole file (long strings' bounds may be truncated or absent).
    public var statistics: [ColumnStatistics]
}

/// An open data file.
public protocol DataFileReader: Sendable {
    var schema: Schema { get }
    var rowCount: Int { get }
    /// Per column in schema order, over the whole file.
    var columnStatistics: [ColumnStatistics] { get }
    /// Statistics and bloom filters of a key column, for probing keys without reading data pages.
    func keyFilter(column: String) throws(ColumnarError) -> KeyFilter
    /// Streams the named columns (all when nil) of the rows where `predicate` is true, with row positions.
    func scanBatches(columns: [String]?, where predicate: Predicate?) throws(ColumnarError) -> any DataFileScanner
}

/// Streams a scan's results one batch (row group) at a time.
public protocol DataFileScanner: Sendable {
    /// The next batch, or nil at the end.
    mutating func next() throws(ColumnarError) -> ScanBatch?
    /// Bytes read from the source so far.
    var bytesRead: Int { get }
}

/// SwiftLake's own columnar format behind the ``DataFileFormat`` seam.
public struct ColumnarFormat: DataFileFormat {
    /// Settings beyond ``DataFileWriteOptions`` (page sizes, dictionary limits ...).
    public var baseOptions: ColumnarWriteOptions

    public init(baseOptions: ColumnarWriteOptions = ColumnarWriteOptions()) { self.baseOptions = baseOptions }

    public var name: String { "columnar" }
    public var fileExtension: String { "slc" }

    public func write(_ batches: [RecordBatch], schema: Schema, options: DataFileWriteOptions) throws(ColumnarError) -> DataFileWriteResult {
        var o = baseOptions
        o.rowGroupRows = options.rowGroupRows
        o.compression = options.compression
        o.bloomFilterColumns = options.bloomFilterColumns
        o.keyValueMetadata.merge(options.keyValueMetadata) { _, new in new }
        var w = ColumnarWriter(schema: schema, options: o)
        for b in batches { try w.write(b) }
        let bytes = try w.finish()
        let meta = FileMetadata(schema: schema, rowGroups: w.writtenRowGroups, keyValueMetadata: o.keyValueMetadata, createdBy: o.createdBy)
        return DataFileWriteResult(bytes: bytes, rowCount: meta.rowCount, statistics: meta.columnStatistics)
    }

    public func open(_ source: any RandomAccessSource) throws(ColumnarError) -> any DataFileReader {
        try ColumnarReader(source: source)
    }
}

extension ColumnarReader: DataFileReader {
    public var columnStatistics: [ColumnStatistics] { metadata.columnStatistics }

    public func scanBatches(columns: [String]?, where predicate: Predicate?) throws(ColumnarError) -> any DataFileScanner {
        try scan(columns: columns, where: predicate)
    }
}

extension ColumnarScanner: DataFileScanner {}
