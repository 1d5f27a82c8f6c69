import Columnar

/// Scans the rows ``RecentDataFiles`` kept for a data file as a ``TableDataScanner`` scans the file: the named
/// columns (file schema names) of the rows where `predicate` is true, with their row positions, in one batch.
struct RecentFileScanner: TableDataScanner {
    private var pending: (batch: RecordBatch, rowPositions: [Int64])?

    init(rows: RecordBatch, columns: [String], where predicate: Predicate?) throws(ColumnarError) {
        try predicate?.validate(against: rows.schema)
        // Compaction reads every column in file order: the rows as they are, without building a projected schema.
        var out = columns.elementsEqual(rows.schema.fields.lazy.map(\.name)) ? rows : try rows.project(columns)
        var positions = (0..<rows.rowCount).map(Int64.init)
        if let predicate {
            let keep = (0..<rows.rowCount).filter { r in
                predicate.evaluate { name in rows.column(named: name)?.value(at: r) ?? .null } == true
            }
            if keep.count < rows.rowCount {
                out = out.take(keep)
                positions = keep.map(Int64.init)
            }
        }
        pending = (out, positions)
    }

    mutating func next() throws(ColumnarError) -> (batch: RecordBatch, rowPositions: [Int64])? {
        defer { pending = nil }
        return pending
    }
}
