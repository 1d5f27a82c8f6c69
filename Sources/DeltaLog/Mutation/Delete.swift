import Columnar

extension DeltaTable {
    /// Deletes the rows whose `keyColumns` equal those of a row of `keys`, with deletion vectors (no data file
    /// is rewritten). A concurrent commit adding one of the keys is a conflict, and the delete is re-planned.
    @discardableResult
    public func delete(keys: RecordBatch, keyColumns: [String], options: WriteOptions = WriteOptions(),
                       maxConflictRetries: Int = 8) throws(DeltaLogError) -> MutationResult {
        guard !keyColumns.isEmpty else { throw .invalidArgument("a delete by key needs at least one key column") }
        return try retryingConflicts(maxConflictRetries) { snapshot throws(DeltaLogError) in
            var tx = try startTransaction(on: snapshot, isolation: options.isolation)
            let batch = try Self.keyBatch(keys, keyColumns: keyColumns, schema: snapshot.schema)
            let lookup = try KeyLookup(batch: batch, keyColumns: keyColumns, prefer: { _, _ in false })
            let locator = TargetLocator(table: self, snapshot: snapshot, lookup: lookup)
            var deletions = RowDeletions()
            for m in try locator.locate(columns: []).matches { deletions.delete(m.position, in: m.file) }
            let deleted = try deletions.stage(on: &tx, table: self, configuration: snapshot.configuration)
            tx.readAddedFiles { f in !locator.candidateKeys(f, useFileFilters: true).isEmpty }
            tx.setTransactions(from: options)
            let commit = try tx.commit(operation: "DELETE", parameters: ["predicate": "keys(\(keyColumns.joined(separator: ", ")))"],
                                       metrics: ["numDeletedRows": String(deleted), "numRemovedFiles": String(deletions.fileCount)])
            return MutationResult(commit: commit, sourceRows: keys.rowCount, rowsDeleted: deleted, filesTouched: deletions.fileCount)
        }
    }

    /// The `keyColumns` of `keys` cast to their types in `schema`, as nullable columns with the table's field ids
    /// (a key with a null matches nothing): what a key lookup of the table is built from.
    static func keyBatch(_ keys: RecordBatch, keyColumns: [String], schema: TableSchema) throws(DeltaLogError) -> RecordBatch {
        var fields: [Field] = [], columns: [Column] = []
        for k in keyColumns {
            guard let c = schema.column(named: k) else { throw .unknownColumn(k) }
            guard let given = keys.column(named: k) else { throw .unknownColumn(k) }
            fields.append(Field(name: c.name, id: c.id, type: c.type, nullable: true))
            columns.append(try TypeWidening.cast(given, to: c.type))
        }
        do throws(ColumnarError) {
            return try RecordBatch(schema: try Schema(fields), columns: columns, rowCount: keys.rowCount)
        } catch { throw .columnar(error) }
    }

    /// Deletes the rows where `predicate` holds (all rows when nil), with deletion vectors; files left without
    /// rows are removed.
    @discardableResult
    public func delete(where predicate: Predicate?, options: WriteOptions = WriteOptions(),
                       maxConflictRetries: Int = 8) throws(DeltaLogError) -> MutationResult {
        try retryingConflicts(maxConflictRetries) { snapshot throws(DeltaLogError) in
            var tx = try startTransaction(on: snapshot, isolation: options.isolation)
            tx.readWholeTable()
            var deletions = RowDeletions()
            var deleted = 0
            if let predicate {
                try scan(snapshot, columns: [], filter: predicate).forEach { b in
                    for p in b.rowPositions { deletions.delete(p, in: b.file) }
                }
                tx.readFiles(deletions.files)
                deleted = try deletions.stage(on: &tx, table: self, configuration: snapshot.configuration)
            } else {
                let now = Transaction.nowMillis()
                for f in snapshot.files { tx.remove(f.removal(at: now)) }
                deleted = Int(snapshot.statisticsRowCount ?? 0)
            }
            tx.setTransactions(from: options)
            let commit = try tx.commit(operation: "DELETE", parameters: ["predicate": predicate?.description ?? "true"],
                                       metrics: ["numDeletedRows": String(deleted), "numRemovedFiles": String(deletions.fileCount)])
            return MutationResult(commit: commit, rowsDeleted: deleted, filesTouched: predicate == nil ? snapshot.fileCount : deletions.fileCount)
        }
    }
}
