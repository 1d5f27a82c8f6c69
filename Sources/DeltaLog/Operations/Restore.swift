extension DeltaTable {
    /// Makes the latest version equal to `version` again: removes files added since, re-adds files removed
    /// since (they must not have been vacuumed), and restores the metadata. History is kept.
    @discardableResult
    public func restore(toVersion version: Int64) throws(DeltaLogError) -> CommitResult {
        let target = try snapshot(version: version)
        let current = try snapshot()
        var tx = try startTransaction(on: current, isolation: .serializable)
        tx.readWholeTable()
        let targetKeys = Set(target.state.files.keys), currentKeys = Set(current.state.files.keys)
        let now = Transaction.nowMillis()
        let removed = current.files.filter { !targetKeys.contains($0.key) }
        let added = target.files.filter { !currentKeys.contains($0.key) }
        for f in added {
            let info: StorageEntry?
            do { info = try storage.info(f.path) } catch { throw .storage(error) }
            guard info != nil else { throw .invalidArgument("cannot restore version \(version): \(f.path) was vacuumed") }
        }
        tx.readFiles(removed)
        for f in removed { tx.remove(f.removal(at: now)) }
        for var f in added {
            f.dataChange = true
            tx.add(f)
        }
        if target.metadata != current.metadata { tx.updateMetadata(target.metadata) }
        return try tx.commit(operation: "RESTORE", parameters: ["version": String(version)], metrics: [
            "numRemovedFiles": String(removed.count), "numRestoredFiles": String(added.count),
            "removedFilesSize": String(removed.reduce(0) { $0 + $1.size }),
            "restoredFilesSize": String(added.reduce(0) { $0 + $1.size }),
            "tableSizeAfterRestore": String(target.files.reduce(0) { $0 + $1.size }),
        ])
    }

    /// Renames a column; metadata only (column mapping keeps files valid).
    @discardableResult
    public func renameColumn(_ old: String, to new: String) throws(DeltaLogError) -> CommitResult {
        try changeSchema(operation: "RENAME COLUMN", parameters: ["oldColumnPath": old, "newColumnPath": new]) { s throws(DeltaLogError) in
            try s.renameColumn(old, to: new)
        }
    }

    /// Drops a column; metadata only. Partition columns cannot be dropped.
    @discardableResult
    public func dropColumn(_ name: String) throws(DeltaLogError) -> CommitResult {
        let partitions = try snapshot().partitionColumns
        guard !partitions.contains(name) else { throw .invalidArgument("cannot drop partition column '\(name)'") }
        return try changeSchema(operation: "DROP COLUMNS", parameters: ["columns": "[\"\(name)\"]"]) { s throws(DeltaLogError) in
            try s.dropColumn(name)
        }
    }

    private func changeSchema(operation: String, parameters: [String: String],
                              _ change: (inout TableSchema) throws(DeltaLogError) -> Void) throws(DeltaLogError) -> CommitResult {
        let current = try snapshot()
        var schema = current.schema
        try change(&schema)
        var m = current.metadata
        m.schemaString = schema.schemaString
        m.partitionColumns = m.partitionColumns.map { p in
            // A renamed partition column keeps its place; file actions key it by physical name.
            guard let id = current.schema.column(named: p)?.id else { return p }
            return schema.column(id: id)?.name ?? p
        }
        for (k, v) in schema.columnMappingConfiguration { m.configuration[k] = v }
        var tx = try startTransaction(on: current)
        tx.updateMetadata(m)
        return try tx.commit(operation: operation, parameters: parameters)
    }
}
