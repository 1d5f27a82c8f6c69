/// Streams the result of ``ColumnarReader/scan(columns:where:)`` one row group at a time, so memory holds at
/// most one row group of the projected and predicate columns.
public struct ColumnarScanner: Sendable {
    let reader: ColumnarReader
    let projection: [Int]
    let predicate: Predicate?
    private var nextGroup = 0
    private var buffers = ReadBuffers()

    /// Bytes read from the source so far (footer excluded).
    public private(set) var bytesRead = 0
    public private(set) var rowGroupsSkipped = 0
    public private(set) var pagesSkipped = 0

    init(reader: ColumnarReader, projection: [Int], predicate: Predicate?) {
        self.reader = reader
        self.projection = projection
        self.predicate = predicate
    }

    /// The next row group's matching rows, or nil at the end. Row groups without matches are skipped.
    public mutating func next() throws(ColumnarError) -> ScanBatch? {
        let groups = reader.metadata.rowGroups
        while nextGroup < groups.count {
            let g = nextGroup
            nextGroup += 1
            if let out = try scanGroup(g, groups[g]) { return out }
        }
        return nil
    }

    private mutating func scanGroup(_ g: Int, _ group: RowGroupMetadata) throws(ColumnarError) -> ScanBatch? {
        let schema = reader.schema
        let rows = group.rowCount
        guard let predicate else {
            var columns: [Column] = []
            for i in projection { columns.append(try readChunk(group, i, wanted: nil)) }
            let batch = RecordBatch(unchecked: try schema.project(projection), columns: columns, rowCount: rows)
            return ScanBatch(batch: batch, rowPositions: (0..<rows).map { Int64(group.firstRow + $0) })
        }
        guard try reader.rowGroupMightMatch(g, predicate) else {
            rowGroupsSkipped += 1
            return nil
        }
        var predicateColumns: [Int] = []
        for name in predicate.columns {
            guard let i = schema.index(of: name) else { throw .unknownColumn(name: name) }
            predicateColumns.append(i)
        }
        let candidates = candidateRanges(group, predicate, predicateColumns)
        if candidates.isEmpty {
            rowGroupsSkipped += 1
            return nil
        }
        let needed = projection + predicateColumns.filter { !projection.contains($0) }
        var columns: [Column] = []
        for i in needed {
            let pages = group.columns[i].pages.filter { !$0.isDictionary }
            let wanted = pages.map { p in candidates.contains { $0.overlaps(p.firstRow..<(p.firstRow + p.valueCount)) } }
            pagesSkipped += wanted.filter { !$0 }.count
            columns.append(try readChunk(group, i, wanted: wanted.allSatisfy { $0 } ? nil : wanted))
        }
        let full = RecordBatch(unchecked: try schema.project(needed), columns: columns, rowCount: rows)
        let selection = try PredicateEvaluator.select(predicate, in: full, within: candidates)
        if selection.isEmpty { return nil }
        let projected = RecordBatch(unchecked: try schema.project(projection), columns: Array(columns[0..<projection.count]),
                                    rowCount: rows)
        let batch = selection.count == rows ? projected : projected.take(selection)
        return ScanBatch(batch: batch, rowPositions: selection.map { Int64(group.firstRow + $0) })
    }

    private mutating func readChunk(_ group: RowGroupMetadata, _ i: Int, wanted: [Bool]?) throws(ColumnarError) -> Column {
        let reader = ChunkReader(field: reader.schema.fields[i], chunk: group.columns[i], rowCount: group.rowCount,
                                 source: reader.source)
        return try reader.read(wanted: wanted, bytesRead: &bytesRead, buffers: &buffers)
    }

    /// Row ranges of the group where page statistics allow the predicate to be true: the group is cut at
    /// every page boundary of every predicate column, and each piece is judged by the pages covering it.
    private func candidateRanges(_ group: RowGroupMetadata, _ predicate: Predicate, _ columns: [Int]) -> [Range<Int>] {
        let rows = group.rowCount
        var cuts = Set([0, rows])
        for i in columns {
            for p in group.columns[i].pages where !p.isDictionary { cuts.insert(p.firstRow) }
        }
        let points = cuts.sorted().filter { $0 <= rows }
        var out: [Range<Int>] = []
        var cursor: [Int: Int] = [:]  // column -> index of the data page covering the current piece
        let dataPages = Dictionary(uniqueKeysWithValues: columns.map { ($0, group.columns[$0].pages.filter { !$0.isDictionary }) })
        for k in 0..<max(points.count - 1, 0) {
            let piece = points[k]..<points[k + 1]
            if piece.isEmpty { continue }
            var stats: [String: ColumnStatistics] = [:]
            for i in columns {
                guard let pages = dataPages[i] else { continue }
                var j = cursor[i] ?? 0
                while j + 1 < pages.count && pages[j].firstRow + pages[j].valueCount <= piece.lowerBound { j += 1 }
                cursor[i] = j
                if j < pages.count { stats[reader.schema.fields[i].name] = pages[j].statistics }
            }
            let pruner = StatisticsPruner(statistics: { stats[$0] }, mightContain: { _, _ in true })
            if pruner.evaluate(predicate).canBeTrue {
                if let last = out.last, last.upperBound == piece.lowerBound {
                    out[out.count - 1] = last.lowerBound..<piece.upperBound
                } else {
                    out.append(piece)
                }
            }
        }
        return out
    }
}
