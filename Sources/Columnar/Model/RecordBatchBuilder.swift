/// Builds a ``RecordBatch`` row by row or column by column.
public struct RecordBatchBuilder: Sendable {
    public let schema: Schema
    /// One builder per field; use them directly for fast typed appends, keeping all columns the same length.
    public var columns: [ColumnBuilder]

    public init(schema: Schema, capacity: Int = 0) {
        self.schema = schema
        columns = schema.fields.map { ColumnBuilder(type: $0.type, capacity: capacity) }
    }

    /// Rows appended so far (the length of the first column).
    public var rowCount: Int { columns.first?.count ?? 0 }

    /// Appends one row: one value per field, in schema order. On error nothing is appended.
    public mutating func append(row: [Value]) throws(ColumnarError) {
        guard row.count == schema.count else { throw .columnCountMismatch(expected: schema.count, actual: row.count) }
        for (f, v) in zip(schema.fields, row) {
            guard v.fits(f.type) else { throw .typeMismatch(field: f.name, expected: f.type, actual: v.kind) }
            if v.isNull && !f.nullable { throw .nullInNonNullableField(field: f.name) }
        }
        for i in row.indices { try columns[i].append(row[i]) }
    }

    /// Appends one row given by field name; absent fields become null.
    public mutating func append(named row: [String: Value]) throws(ColumnarError) {
        for k in row.keys where schema.index(of: k) == nil { throw .unknownColumn(name: k) }
        try append(row: schema.fields.map { row[$0.name] ?? .null })
    }

    /// The batch built so far; throws if column lengths differ or a non-nullable column holds nulls.
    public func finish() throws(ColumnarError) -> RecordBatch {
        try RecordBatch(schema: schema, columns: columns.map { $0.finish() }, rowCount: rowCount)
    }
}
