import Columnar
import Foundation

/// Writes rows of a table's logical schema as data files, one or more per partition, and describes each
/// as an `add` action. Partition columns are not stored in the files (their values live in the directory
/// and the log); the other columns are stored under their physical names with their stable ids.
struct DataWriter {
    let storage: any Storage
    let format: any TableDataFormat
    let schema: TableSchema
    let partitionColumns: [String]
    var options: DataFileWriteOptions
    /// Rows per file; larger partitions are split.
    var maxRowsPerFile: Int
    /// Which key probes of the table to prepare for: each new file's key bounds and key filter go into
    /// ``FilePruningCache`` from memory, so probing the file never parses its statistics or opens it.
    var pruningSeed: FilePruningSeed? = nil

    /// Encoded bytes held before they are written out together: bounds memory on large writes.
    static let pendingBytesLimit = 64 << 20

    /// Writes `batch` (of the logical schema) and returns the new files, durable (`Storage.writeAll`: a commit
    /// touching many partitions pays about one round of fsyncs, not one per file).
    func write(_ batch: RecordBatch) throws(DeltaLogError) -> [AddFile] {
        guard batch.rowCount > 0 else { return [] }
        var out: [AddFile] = []
        var pending: [(path: String, bytes: [UInt8])] = []
        var pendingBytes = 0
        // Small files' rows for `RecentDataFiles`, kept once their files are written.
        var recent: [(key: String, size: Int64, rows: RecordBatch)] = []
        let recentFiles = format is SeamFormat ? storage.recentFileCache : nil
        let layout = try FileLayout(schema: schema, partitionColumns: partitionColumns)
        let seeding = pruningSeed?.prepared(schema: schema, partitionColumns: partitionColumns, physicalNames: layout.physicalNames)
        func flush() throws(DeltaLogError) {
            do { try storage.writeAll(pending) } catch { throw .storage(error) }
            for r in recent { recentFiles?.put(r.key, size: r.size, rows: r.rows) }
            pending.removeAll()
            recent.removeAll()
            pendingBytes = 0
        }
        for (values, rows) in try partitions(batch) {
            let part = rows.map { batch.take($0) } ?? batch
            var start = 0
            while start < part.rowCount {
                let end = min(part.rowCount, start + max(1, maxRowsPerFile))
                let whole = start == 0 && end == part.rowCount
                let slice = whole ? part : part.slice(start..<end)
                let (file, written, stored) = try encodeFile(slice, partitionValues: values, layout: layout)
                seeding?.seed(file, written, format: format, storage: storage)
                out.append(file)
                pending.append((file.path, written.bytes))
                pendingBytes += written.bytes.count
                if let recentFiles, recentFiles.mayKeep(stored), let key = storage.recentFileKey(file.path) {
                    // Keep a copy of its own unless the rows are already a copy (`take` per partition): a slice
                    // would hold on to the caller's whole batch.
                    let own = rows != nil && whole ? stored : stored.take(Array(0..<stored.rowCount))
                    recent.append((key, file.size, own))
                }
                if pendingBytes >= Self.pendingBytesLimit { try flush() }
                start = end
            }
        }
        try flush()
        return out
    }

    /// Row indices per distinct partition (nil indices: the whole batch is one partition).
    private func partitions(_ batch: RecordBatch) throws(DeltaLogError) -> [([String?], [Int]?)] {
        if partitionColumns.isEmpty { return [([], nil)] }
        var cols: [Column] = []
        for p in partitionColumns {
            guard let c = batch.column(named: p) else { throw .unknownColumn(p) }
            cols.append(c)
        }
        let groups = PartitionGrouper.group(cols, rowCount: batch.rowCount)
        if groups.count == 1, let only = groups.first { return [(only.values.map(PartitionPath.serialize), nil)] }
        return groups.map { g in (g.values.map(PartitionPath.serialize), g.rows) }
    }

    /// The stored (physical) schema of the table's data files and which table columns it holds: the same for every
    /// file of a write, so worked out once per write rather than per file (a MERGE writes a file per partition).
    private struct FileLayout {
        /// Offsets of the non-partition columns in the table's (and the batch's) column order.
        let offsets: [Int]
        let physical: Schema
        let physicalNames: [String]
        /// Indices of `physicalNames` in name order (the statistics JSON lists columns sorted).
        let statisticsOrder: [Int]

        init(schema: TableSchema, partitionColumns: [String]) throws(DeltaLogError) {
            let dataColumns = schema.columns.enumerated().filter { !partitionColumns.contains($0.element.name) }
            let fields = dataColumns.map { Field(name: $0.element.physicalName, id: $0.element.id, type: $0.element.type, nullable: $0.element.nullable) }
            offsets = dataColumns.map(\.offset)
            physicalNames = fields.map(\.name)
            let names = physicalNames
            statisticsOrder = names.indices.sorted { names[$0] < names[$1] }
            do { physical = try Schema(fields) } catch { throw .columnar(error) }
        }
    }

    /// One data file's `add` action, the file as written, and the rows it stores (physical names).
    private func encodeFile(_ batch: RecordBatch, partitionValues values: [String?],
                            layout: FileLayout) throws(DeltaLogError) -> (AddFile, WrittenDataFile, stored: RecordBatch) {
        var partitionValues: [String: String?] = [:]
        for (c, v) in zip(partitionColumns, values) { partitionValues[schema.partitionKey(c)] = .some(v) }
        let path = PartitionPath.directory(columns: partitionColumns, values: values)
            + "part-00000-\(UUID().uuidString.lowercased()).c000.\(format.fileExtension)"
        let result: WrittenDataFile
        let data: RecordBatch
        do {
            data = try RecordBatch(schema: layout.physical, columns: layout.offsets.map { batch.columns[$0] }, rowCount: batch.rowCount)
            result = try format.write(data, options: options)
        } catch { throw .columnar(error) }
        let stats = FileStatistics.json(rowCount: result.rowCount, columns: result.statistics,
                                        physicalNames: layout.physicalNames, order: layout.statisticsOrder)
        return (AddFile(path: path, partitionValues: partitionValues, size: Int64(result.bytes.count),
                        modificationTime: Transaction.nowMillis(), dataChange: true, stats: stats), result, data)
    }
}
