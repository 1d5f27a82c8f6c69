import Columnar

/// Parquet data files, for open tables that Spark, Trino and delta-rs read.
/// Wraps Columnar's ``ParquetFileReader``/``ParquetFileWriter``. The reader needs a local path for files
/// larger than ``StorageSource/wholeFileLimit``, so these tables must live in a ``Storage`` with local paths.
/// Row groups are pruned by their statistics; rows are
/// then filtered here.
struct ParquetDataFormat: TableDataFormat {
    var fileExtension: String { "parquet" }

    func write(_ batch: RecordBatch, options: DataFileWriteOptions) throws(ColumnarError) -> WrittenDataFile {
        var o = ParquetWriteOptions()
        o.rowGroupRows = options.rowGroupRows
        o.bloomFilterColumns = options.bloomFilterColumns
        o.metadata = options.keyValueMetadata
        var writer = ParquetFileWriter(schema: batch.schema, options: o)
        do {
            try writer.write(batch)
            let bytes = try writer.finish()
            let summary = writer.summary
            return WrittenDataFile(bytes: bytes, rowCount: summary.rowCount, statistics: summary.statistics)
        } catch {
            throw .io(path: "parquet", detail: error.description)
        }
    }

    func open(_ s: StorageSource) throws(ColumnarError) -> any TableDataReader {
        // A small file is already in memory; a large one is read through one open descriptor.
        if s.contents != nil {
            do { return ParquetDataReader(reader: try ParquetFileReader(source: s, label: s.path)) } catch {
                throw .io(path: s.path, detail: error.description)
            }
        }
        guard let path = s.storage.localPath(s.path) else {
            throw .io(path: "parquet", detail: "Parquet data files are read from local paths only")
        }
        do { return ParquetDataReader(reader: try ParquetFileReader(path: path)) } catch {
            throw .io(path: path, detail: error.description)
        }
    }
}

struct ParquetDataReader: TableDataReader {
    let reader: ParquetFileReader

    var schema: Schema { reader.schema }

    func keyFilter(column: String) throws(ColumnarError) -> KeyFilter { try reader.keyFilter(column: column) }
    var bloomFilterColumns: [String] { reader.bloomFilterColumns }
    func scan(columns: [String], where predicate: Predicate?) throws(ColumnarError) -> any TableDataScanner {
        ParquetDataScanner(reader: reader, columns: columns, predicate: predicate)
    }
}

struct ParquetDataScanner: TableDataScanner {
    let reader: ParquetFileReader
    let columns: [String]
    let predicate: Predicate?
    private var group = 0

    init(reader: ParquetFileReader, columns: [String], predicate: Predicate?) {
        self.reader = reader
        self.columns = columns
        self.predicate = predicate
    }

    mutating func next() throws(ColumnarError) -> (batch: RecordBatch, rowPositions: [Int64])? {
        while group < reader.rowGroupCount {
            let g = group
            group += 1
            if let predicate, let stats = try? reader.statistics(rowGroup: g) {
                let fields = reader.schema.fields
                let prune = !PredicateParts.mightMatch(predicate) { name in
                    fields.firstIndex { $0.name == name }.flatMap { $0 < stats.count ? stats[$0] : nil }
                }
                if prune { continue }
            }
            var read = columns
            for c in predicate?.columns ?? [] where !read.contains(c) { read.append(c) }
            let batch: RecordBatch
            do { batch = try reader.readRowGroup(g, columns: read) } catch { throw .io(path: reader.path, detail: error.description) }
            let first = Int64(reader.firstRow(ofRowGroup: g))
            var keep = Array(0..<batch.rowCount)
            if let predicate {
                keep = keep.filter { r in predicate.evaluate { batch.column(named: $0)?.value(at: r) ?? .null } == true }
            }
            if keep.isEmpty { continue }
            let rows = keep.count == batch.rowCount ? batch : batch.take(keep)
            return (try rows.project(columns), keep.map { first + Int64($0) })
        }
        return nil
    }
}
