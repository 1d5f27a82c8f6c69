import Columnar

/// Reconciles data being written with the table's schema: matches columns by name, adds new columns and
/// widens types when the table allows it (`swiftlake.autoMerge`, default true), and casts the data to the
/// resulting table types. Everything that cannot be reconciled is reported at once, one entry per column.
public enum SchemaEvolution {
    public static let autoMergeProperty = "swiftlake.autoMerge"

    /// The table schema after writing data of `incoming`, or ``DeltaLogError/schemaMismatch(columns:)``.
    public static func reconcile(table: TableSchema, incoming: Schema, partitionColumns: [String],
                                 allowEvolution: Bool) throws(DeltaLogError) -> TableSchema {
        var out = table
        var problems: [String] = []
        for f in incoming.fields {
            guard let existing = table.column(named: f.name) else {
                if allowEvolution {
                    try out.addColumn(name: f.name, type: f.type, nullable: true)
                } else {
                    problems.append("\(f.name): not in the table and schema evolution is off")
                }
                continue
            }
            guard let common = TypeWidening.common(existing.type, f.type) else {
                problems.append("\(f.name): table has \(existing.type), data has \(f.type)")
                continue
            }
            if common == existing.type || (existing.type == .json && common == .string) { continue }
            if partitionColumns.contains(f.name) {
                problems.append("\(f.name): partition column \(existing.type) cannot become \(common)")
            } else if !allowEvolution {
                problems.append("\(f.name): table has \(existing.type), data has \(f.type) and schema evolution is off")
            } else {
                out.widen(f.name, to: common)
            }
        }
        for c in table.columns where !c.nullable && incoming.field(named: c.name) == nil {
            problems.append("\(c.name): required by the table but missing from the data")
        }
        guard problems.isEmpty else { throw .schemaMismatch(columns: problems) }
        return out
    }

    /// `batch` laid out as `schema`'s logical columns: cast to the table types, missing columns as nulls.
    public static func conform(_ batch: RecordBatch, to schema: TableSchema) throws(DeltaLogError) -> RecordBatch {
        var columns: [Column] = []
        for c in schema.columns {
            if let col = batch.column(named: c.name) {
                columns.append(try TypeWidening.cast(col, to: c.type))
            } else {
                columns.append(Column.nulls(c.type, count: batch.rowCount))
            }
        }
        do {
            return try RecordBatch(schema: try schema.logicalSchema(), columns: columns, rowCount: batch.rowCount)
        } catch let e as DeltaLogError {
            throw e
        } catch let e as ColumnarError {
            throw .columnar(e)
        } catch {
            throw .invalidArgument("\(error)")
        }
    }
}
