/// Parquet behind the ``DataFileFormat`` seam, so a table can keep its data files as Parquet that other
/// engines read. Errors cross the seam as ``ColumnarError``s carrying the Parquet error's text.
public struct ParquetFormat: DataFileFormat {
    /// Settings beyond ``DataFileWriteOptions`` (pages, dictionaries, delta, page version ...).
    public var baseOptions: ParquetWriteOptions

    public init(baseOptions: ParquetWriteOptions = ParquetWriteOptions()) { self.baseOptions = baseOptions }

    public var name: String { "parquet" }
    public var fileExtension: String { "parquet" }

    public func write(_ batches: [RecordBatch], schema: Schema, options: DataFileWriteOptions) throws(ColumnarError) -> DataFileWriteResult {
        var o = baseOptions
        o.rowGroupRows = options.rowGroupRows
        switch options.compression {
        case .none: o.compression = .uncompressed
        case .zstd: o.compression = .zstd
        case .zlib: o.compression = .gzip
        }
        o.bloomFilterColumns = options.bloomFilterColumns
        o.metadata.merge(options.keyValueMetadata) { _, new in new }
        do {
            var w = ParquetFileWriter(schema: schema, options: o)
            for b in batches { try w.write(b) }
            let bytes = try w.finish()
            return DataFileWriteResult(bytes: bytes, rowCount: w.summary.rowCount, statistics: w.summary.statistics)
        } catch {
            throw error.columnarError
        }
    }

    public func open(_ source: any RandomAccessSource) throws(ColumnarError) -> any DataFileReader {
        do {
            return try ParquetFileReader(source: source)
        } catch {
            throw error.columnarError
        }
    }
}

extension ParquetError {
    /// The same failure as a ``ColumnarError``, for callers on the format seam.
    public var columnarError: ColumnarError {
        switch self {
        case let .io(path, detail): return .io(path: path, detail: detail)
        case let .schemaMismatch(detail): return .schemaMismatch(detail: detail)
        case let .notParquet(detail): return .badMagic(what: "Parquet file (\(detail))", offset: 0)
        case let .corruptPage(_, offset, _), let .truncatedThrift(_, offset), let .malformedThrift(_, offset, _),
             let .thriftTooDeep(offset), let .checksumMismatch(_, offset):
            return .corrupt(what: "Parquet", offset: offset, detail: description)
        default:
            return .corrupt(what: "Parquet", offset: -1, detail: description)
        }
    }
}

extension ParquetFileReader: DataFileReader {
    /// Per field, statistics over the whole file (nil bounds where a row group lacks them).
    public var columnStatistics: [ColumnStatistics] {
        var out = schema.fields.map { _ in ColumnStatistics(valueCount: 0, nullCount: 0) }
        for g in 0..<rowGroupCount {
            let stats = (try? statistics(rowGroup: g)) ?? Array(repeating: nil, count: schema.count)
            let rows = rowCount(ofRowGroup: g)
            for i in out.indices {
                // Unknown statistics: every row might be null or any value.
                let s = stats[i] ?? ColumnStatistics(valueCount: rows, nullCount: 0)
                out[i] = g == 0 ? s : out[i].merged(with: s)
                if stats[i] == nil { out[i].min = nil; out[i].max = nil }
            }
        }
        return out
    }

    /// Statistics and split-block bloom filters of a key column per row group (no filter for a group whose
    /// writer stored none, or for columns whose stored form differs from their SwiftLake values).
    public func keyFilter(column: String) throws(ColumnarError) -> KeyFilter {
        guard let i = schema.index(of: column) else { throw .unknownColumn(name: column) }
        var groups: [(ColumnStatistics, KeyFilter.Bloom?)] = []
        for g in 0..<rowGroupCount {
            let stats: [ColumnStatistics?]
            let bloom: SplitBlockBloomFilter?
            do {
                stats = try statistics(rowGroup: g)
                bloom = try bloomFilter(rowGroup: g, column: column)
            } catch {
                throw error.columnarError
            }
            groups.append((stats[i] ?? ColumnStatistics(valueCount: rowCount(ofRowGroup: g), nullCount: 0), bloom.map(KeyFilter.Bloom.parquet)))
        }
        return KeyFilter(column: column, type: schema.fields[i].type, groups: groups)
    }

    public func scanBatches(columns: [String]?, where predicate: Predicate?) throws(ColumnarError) -> any DataFileScanner {
        try predicate?.validate(against: schema)
        var projection: [Int] = []
        for name in columns ?? schema.fields.map(\.name) {
            guard let i = schema.index(of: name) else { throw .unknownColumn(name: name) }
            projection.append(i)
        }
        return ParquetScanner(reader: self, projection: projection, predicate: predicate)
    }
}
