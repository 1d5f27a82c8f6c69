/// Rows of a schema held as one column vector per field. Immutable; slices share storage.
public struct RecordBatch: Sendable, Equatable {
    public let schema: Schema
    public let columns: [Column]
    public let rowCount: Int

    /// Checks that there is one column per field, of the field's type, all of one length, and no nulls in
    /// non-nullable fields. `rowCount` is needed only for a batch without columns.
    public init(schema: Schema, columns: [Column], rowCount: Int? = nil) throws(ColumnarError) {
        guard columns.count == schema.count else {
            throw .columnCountMismatch(expected: schema.count, actual: columns.count)
        }
        let n = rowCount ?? columns.first?.count ?? 0
        for (f, c) in zip(schema.fields, columns) {
            guard c.type == f.type else { throw .typeMismatch(field: f.name, expected: f.type, actual: c.type.description) }
            guard c.count == n else { throw .columnLengthMismatch(field: f.name, expected: n, actual: c.count) }
            if !f.nullable && c.nullCount > 0 { throw .nullInNonNullableField(field: f.name) }
        }
        self.schema = schema
        self.columns = columns
        self.rowCount = n
    }

    /// Skips validation; for callers that built columns to match `schema`.
    init(unchecked schema: Schema, columns: [Column], rowCount: Int) {
        self.schema = schema
        self.columns = columns
        self.rowCount = rowCount
    }

    /// A batch with no rows.
    public static func empty(_ schema: Schema) -> RecordBatch {
        RecordBatch(unchecked: schema, columns: schema.fields.map { ColumnBuilder(type: $0.type).finish() }, rowCount: 0)
    }

    /// The column of the field called `name`.
    public func column(named name: String) -> Column? { schema.index(of: name).map { columns[$0] } }

    /// The values of row `i`, one per field.
    public func row(_ i: Int) -> [Value] { columns.map { $0.value(at: i) } }

    /// Rows `range`, sharing storage.
    public func slice(_ range: Range<Int>) -> RecordBatch {
        precondition(range.lowerBound >= 0 && range.upperBound <= rowCount, "slice out of range")
        return RecordBatch(unchecked: schema, columns: columns.map { $0.slice(range) }, rowCount: range.count)
    }

    /// The rows at `indices`, in that order. Indices must be in range.
    public func take(_ indices: [Int]) -> RecordBatch {
        RecordBatch(unchecked: schema, columns: columns.map { $0.take(indices) }, rowCount: indices.count)
    }

    /// The named columns, in that order.
    public func project(_ names: [String]) throws(ColumnarError) -> RecordBatch {
        var idx: [Int] = []
        for n in names {
            guard let i = schema.index(of: n) else { throw .unknownColumn(name: n) }
            idx.append(i)
        }
        return RecordBatch(unchecked: try schema.project(idx), columns: idx.map { columns[$0] }, rowCount: rowCount)
    }

    /// The batches one after another; all must have `schema`.
    public static func concatenate(_ batches: [RecordBatch], schema: Schema) throws(ColumnarError) -> RecordBatch {
        for b in batches where b.schema != schema {
            throw .schemaMismatch(detail: "expected \(schema), got \(b.schema)")
        }
        if batches.count == 1, let only = batches.first { return only }
        var columns: [Column] = []
        for (i, f) in schema.fields.enumerated() {
            columns.append(try Column.concatenate(batches.map { $0.columns[i] }, type: f.type))
        }
        return RecordBatch(unchecked: schema, columns: columns, rowCount: batches.reduce(0) { $0 + $1.rowCount })
    }

    /// Per-column statistics, in schema order.
    public func statistics() -> [ColumnStatistics] { columns.map(ColumnStatistics.init) }
}
