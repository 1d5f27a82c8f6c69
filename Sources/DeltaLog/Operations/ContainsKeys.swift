import Columnar

extension DeltaTable {
    /// Whether a live row of the latest snapshot has the `keyColumns` of a row of `keys` — the probe an ingest loop
    /// makes before deleting ids that may live in any of several tables. It locates rows as MERGE and DELETE do
    /// (partition values, statistics, bloom filters, the process-wide key index), so probing for keys a table never
    /// had reads next to nothing, and what it reads stays cached for the MERGE that follows.
    public func containsAny(keys: RecordBatch, keyColumns: [String]) throws(DeltaLogError) -> Bool {
        guard !keyColumns.isEmpty else { throw .invalidArgument("a key probe needs at least one key column") }
        guard keys.rowCount > 0, try exists() else { return false }
        // The cached latest snapshot: a probe before every batch must not reload the log from its checkpoint.
        let snapshot = try latestSnapshot()
        var fields: [Field] = [], columns: [Column] = []
        for k in keyColumns {
            guard let c = snapshot.schema.column(named: k) else { throw .unknownColumn(k) }
            guard let given = keys.column(named: k) else { throw .unknownColumn(k) }
            fields.append(Field(name: c.field.name, id: c.field.id, type: c.field.type, nullable: true))
            columns.append(try TypeWidening.cast(given, to: c.type))
        }
        let batch: RecordBatch
        do throws(ColumnarError) {
            batch = try RecordBatch(schema: try Schema(fields), columns: columns, rowCount: keys.rowCount)
        } catch { throw .columnar(error) }
        let lookup = try KeyLookup(batch: batch, keyColumns: keyColumns, prefer: { _, _ in false })
        return try !TargetLocator(table: self, snapshot: snapshot, lookup: lookup).locate(columns: []).matches.isEmpty
    }
}
