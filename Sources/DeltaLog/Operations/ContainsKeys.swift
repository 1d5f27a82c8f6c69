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
        let batch = try Self.keyBatch(keys, keyColumns: keyColumns, schema: snapshot.schema)
        let lookup = try KeyLookup(batch: batch, keyColumns: keyColumns, prefer: { _, _ in false })
        return try !TargetLocator(table: self, snapshot: snapshot, lookup: lookup).locate(columns: []).matches.isEmpty
    }
}
