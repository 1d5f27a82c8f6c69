/// Streams a Parquet scan one row group at a time: row groups whose statistics (and bloom filters, for
/// equality) prove no row matches are skipped without reading their pages; the rest are filtered row by row.
public struct ParquetScanner: DataFileScanner {
    let reader: ParquetFileReader
    let projection: [Int]
    let predicate: Predicate?
    private var nextGroup = 0

    /// Bytes of column chunks read so far.
    public private(set) var bytesRead = 0
    public private(set) var rowGroupsSkipped = 0

    init(reader: ParquetFileReader, projection: [Int], predicate: Predicate?) {
        self.reader = reader
        self.projection = projection
        self.predicate = predicate
    }

    public mutating func next() throws(ColumnarError) -> ScanBatch? {
        do {
            while nextGroup < reader.rowGroupCount {
                let g = nextGroup
                nextGroup += 1
                if let out = try scanGroup(g) { return out }
            }
            return nil
        } catch let e as ParquetError {
            throw e.columnarError
        } catch let e as ColumnarError {
            throw e
        } catch {
            throw .corrupt(what: "Parquet", offset: -1, detail: "\(error)")
        }
    }

    private mutating func scanGroup(_ g: Int) throws -> ScanBatch? {
        let first = reader.firstRow(ofRowGroup: g)
        let rows = reader.rowCount(ofRowGroup: g)
        let schema = reader.schema
        guard let predicate else {
            let batch = try read(g, projection)
            return ScanBatch(batch: batch, rowPositions: (0..<rows).map { Int64(first + $0) })
        }
        guard try mightMatch(g, predicate) else {
            rowGroupsSkipped += 1
            return nil
        }
        var needed = projection
        for name in predicate.columns {
            guard let i = schema.index(of: name) else { throw ColumnarError.unknownColumn(name: name) }
            if !needed.contains(i) { needed.append(i) }
        }
        let full = try read(g, needed)
        let selection = try PredicateEvaluator.select(predicate, in: full)
        if selection.isEmpty { return nil }
        let projected = RecordBatch(unchecked: try schema.project(projection), columns: Array(full.columns[0..<projection.count]),
                                    rowCount: rows)
        let batch = selection.count == rows ? projected : projected.take(selection)
        return ScanBatch(batch: batch, rowPositions: selection.map { Int64(first + $0) })
    }

    private mutating func read(_ g: Int, _ fields: [Int]) throws -> RecordBatch {
        let group = reader.metadata.rowGroups[g]
        for f in fields {
            for leaf in reader.fields[f].leaves { bytesRead += Int(group.columns[leaf].metaData.totalCompressedSize) }
        }
        return try reader.readRowGroup(g, fieldIndices: fields)
    }

    private func mightMatch(_ g: Int, _ predicate: Predicate) throws -> Bool {
        let stats = try reader.statistics(rowGroup: g)
        let schema = reader.schema
        var blooms: [String: SplitBlockBloomFilter] = [:]
        for name in predicate.columns {
            if let i = schema.index(of: name), reader.fields[i].mapping != nil,
               let filter = try reader.bloomFilter(rowGroup: g, column: name) {
                blooms[name] = filter
            }
        }
        let pruner = StatisticsPruner(statistics: { name in schema.index(of: name).flatMap { stats[$0] } },
                                      mightContain: { name, v in blooms[name]?.mightContain(v) ?? true })
        return pruner.evaluate(predicate).canBeTrue
    }
}
