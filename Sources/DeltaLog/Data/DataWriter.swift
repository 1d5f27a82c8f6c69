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

    /// Writes `batch` (of the logical schema) and returns the new files.
    func write(_ batch: RecordBatch) throws(DeltaLogError) -> [AddFile] {
        guard batch.rowCount > 0 else { return [] }
        var out: [AddFile] = []
        for (values, rows) in try partitions(batch) {
            let part = rows.map { batch.take($0) } ?? batch
            var start = 0
            while start < part.rowCount {
                let end = min(part.rowCount, start + max(1, maxRowsPerFile))
                let slice = start == 0 && end == part.rowCount ? part : part.slice(start..<end)
                out.append(try writeFile(slice, partitionValues: values))
                start = end
            }
        }
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

    private func writeFile(_ batch: RecordBatch, partitionValues values: [String?]) throws(DeltaLogError) -> AddFile {
        var partitionValues: [String: String?] = [:]
        for (c, v) in zip(partitionColumns, values) { partitionValues[schema.partitionKey(c)] = .some(v) }
        let dataColumns = schema.columns.enumerated().filter { !partitionColumns.contains($0.element.name) }
        let fields = dataColumns.map { Field(name: $0.element.physicalName, id: $0.element.id, type: $0.element.type, nullable: $0.element.nullable) }
        let path = PartitionPath.directory(columns: partitionColumns, values: values)
            + "part-00000-\(UUID().uuidString.lowercased()).c000.\(format.fileExtension)"
        let result: WrittenDataFile
        do {
            let physical = try Schema(fields)
            let data = try RecordBatch(schema: physical, columns: dataColumns.map { batch.columns[$0.offset] }, rowCount: batch.rowCount)
            result = try format.write(data, options: options)
        } catch { throw .columnar(error) }
        do { try storage.write(path, result.bytes) } catch { throw .storage(error) }
        let stats = FileStatistics(rowCount: result.rowCount, columns: result.statistics, physicalNames: fields.map(\.name))
        return AddFile(path: path, partitionValues: partitionValues, size: Int64(result.bytes.count),
                       modificationTime: Transaction.nowMillis(), dataChange: true, stats: stats.json)
    }
}
