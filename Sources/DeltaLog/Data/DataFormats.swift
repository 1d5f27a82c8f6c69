import Columnar

/// How DeltaLog reads and writes data files: a thin layer over Columnar's ``DataFileFormat`` seam (SwiftLake
/// columnar files) and over Columnar's Parquet reader and writer (open tables).
protocol TableDataFormat: Sendable {
    var fileExtension: String { get }
    func write(_ batch: RecordBatch, options: DataFileWriteOptions) throws(ColumnarError) -> WrittenDataFile
    func open(_ source: StorageSource) throws(ColumnarError) -> any TableDataReader
}

struct WrittenDataFile {
    var bytes: [UInt8]
    var rowCount: Int
    /// Per column of the written batch.
    var statistics: [ColumnStatistics]
    /// Per stored column name, the ``KeyFilter`` that opening the file and asking for that column's would give, for
    /// the columns the writer has it for in memory; nil when the format gives none (``FilePruningSeed`` then opens
    /// the bytes to read it).
    var keyFilters: [String: KeyFilter]? = nil
}

protocol TableDataReader: Sendable {
    var schema: Schema { get }
    /// Statistics and bloom filters of a key column, for probing keys without reading data pages.
    func keyFilter(column: String) throws(ColumnarError) -> KeyFilter
    /// The columns (file schema names) with a bloom filter in some row group.
    var bloomFilterColumns: [String] { get }
    /// The named columns of the rows where `predicate` is true, with their row positions, batch by batch.
    func scan(columns: [String], where predicate: Predicate?) throws(ColumnarError) -> any TableDataScanner
}

protocol TableDataScanner: Sendable {
    mutating func next() throws(ColumnarError) -> (batch: RecordBatch, rowPositions: [Int64])?
}

enum DataFormats {
    static func format(for protocolAction: ProtocolAction, metadata: Metadata) throws(DeltaLogError) -> any TableDataFormat {
        if protocolAction.usesColumnarFiles || metadata.formatProvider == "swiftlake" { return SeamFormat(format: ColumnarFormat()) }
        if metadata.formatProvider == "parquet" { return ParquetDataFormat() }
        throw .invalidArgument("tables with \(metadata.formatProvider) data files are not supported")
    }
}

/// A Columnar ``DataFileFormat`` as a table data format.
struct SeamFormat: TableDataFormat {
    let format: any DataFileFormat
    var fileExtension: String { format.fileExtension }

    func write(_ batch: RecordBatch, options: DataFileWriteOptions) throws(ColumnarError) -> WrittenDataFile {
        let r = try format.write([batch], schema: batch.schema, options: options)
        return WrittenDataFile(bytes: r.bytes, rowCount: r.rowCount, statistics: r.statistics)
    }

    func open(_ source: StorageSource) throws(ColumnarError) -> any TableDataReader {
        SeamReader(reader: try format.open(source))
    }
}

struct SeamReader: TableDataReader {
    let reader: any DataFileReader
    var schema: Schema { reader.schema }

    func keyFilter(column: String) throws(ColumnarError) -> KeyFilter { try reader.keyFilter(column: column) }

    var bloomFilterColumns: [String] {
        guard let r = reader as? ColumnarReader else { return [] }
        return r.schema.fields.indices.compactMap { i in
            r.metadata.rowGroups.contains { i < $0.columns.count && $0.columns[i].bloomFilter != nil } ? r.schema.fields[i].name : nil
        }
    }

    func scan(columns: [String], where predicate: Predicate?) throws(ColumnarError) -> any TableDataScanner {
        SeamScanner(scanner: try reader.scanBatches(columns: columns, where: predicate))
    }
}

struct SeamScanner: TableDataScanner {
    var scanner: any DataFileScanner

    mutating func next() throws(ColumnarError) -> (batch: RecordBatch, rowPositions: [Int64])? {
        guard let b = try scanner.next() else { return nil }
        return (b.batch, b.rowPositions)
    }
}
