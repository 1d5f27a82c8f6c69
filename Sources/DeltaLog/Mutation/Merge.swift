import Columnar

extension DeltaTable {
    /// MERGE `source` into the table by `spec.keyColumns`. Matched target rows are never rewritten in place:
    /// they are marked deleted with deletion vectors, and only inserted and updated rows are written, as new
    /// files — so the cost follows the size of `source`, not of the table. Columns are reconciled as in
    /// ``append(_:options:)`` (schema evolution). After a logical conflict with a concurrent commit the merge is
    /// planned again on the new version, at most `spec.maxConflictRetries` times. With `spec.deleteKeys` the same
    /// commit also deletes those keys' rows, exactly as a key DELETE committed just before the MERGE would: one
    /// locate pass finds the rows of both, and one set of deletion vectors records them.
    @discardableResult
    public func merge(_ source: [RecordBatch], _ spec: MergeSpec) throws(DeltaLogError) -> MutationResult {
        guard let incoming = source.first?.schema else { throw .invalidArgument("nothing to merge") }
        for b in source where b.schema != incoming { throw .invalidArgument("all batches of a merge must have one schema") }
        guard !spec.keyColumns.isEmpty else { throw .invalidArgument("a merge needs at least one key column") }
        for k in spec.keyColumns where incoming.field(named: k) == nil { throw .unknownColumn(k) }
        if let w = spec.winnerColumn, incoming.field(named: w) == nil { throw .unknownColumn(w) }
        if let keys = spec.deleteKeys {
            for k in spec.keyColumns where keys.column(named: k) == nil { throw .unknownColumn(k) }
        }
        return try retryingConflicts(spec.maxConflictRetries) { snapshot throws(DeltaLogError) in
            try mergeOnce(snapshot, source, spec)
        }
    }

    /// Upserts `source` by `keyColumns` (``MergeSpec/upsert(keyColumns:newerBy:deleteFlag:deleteKeys:writeOptions:)``),
    /// deleting the rows of `deleteKeys` first in the same commit (``MergeSpec/deleteKeys``).
    @discardableResult
    public func upsert(_ source: [RecordBatch], keyColumns: [String], newerBy: String? = nil, deleteFlag: String? = nil,
                       deleteKeys: RecordBatch? = nil, options: WriteOptions = WriteOptions()) throws(DeltaLogError) -> MutationResult {
        try merge(source, .upsert(keyColumns: keyColumns, newerBy: newerBy, deleteFlag: deleteFlag, deleteKeys: deleteKeys,
                                  writeOptions: options))
    }

    private func mergeOnce(_ snapshot: Snapshot, _ source: [RecordBatch], _ spec: MergeSpec) throws(DeltaLogError) -> MutationResult {
        var tx = try startTransaction(on: snapshot, isolation: spec.writeOptions.isolation)
        let (schema, rows) = try conformed(source, snapshot: snapshot, options: spec.writeOptions, tx: &tx)
        for k in spec.keyColumns where schema.column(named: k) == nil { throw .unknownColumn(k) }

        var prefer: ((Int, Int) -> Bool)?
        if let w = spec.winnerColumn {
            guard let column = rows.column(named: w) else { throw .unknownColumn(w) }
            prefer = { current, candidate in
                let a = column.value(at: current), b = column.value(at: candidate)
                if b.isNull { return a.isNull }
                if a.isNull { return true }
                return (Value.compare(b, a) ?? 0) >= 0
            }
        }
        let (lookup, removed) = try Self.mergeLookup(rows, schema: schema, spec: spec, prefer: prefer)
        let locator = TargetLocator(table: self, snapshot: snapshot, lookup: lookup)
        var targetColumns: [String] = []
        for clause in spec.whenMatched {
            let condition: MergeCondition?
            switch clause {
            case let .update(c), let .delete(c): condition = c
            }
            for c in condition?.columns.target ?? [] where !targetColumns.contains(c) {
                guard schema.column(named: c) != nil else { throw .unknownColumn(c) }
                targetColumns.append(c)
            }
        }
        let found = try locator.locate(columns: targetColumns)

        var matchesByKey: [Int: [Int]] = [:]
        for (i, m) in found.matches.enumerated() { matchesByKey[m.key, default: []].append(i) }
        var result = MutationResult(commit: CommitResult(version: -1, attempts: 0, timestamp: 0, checkpointError: nil))
        result.sourceRows = rows.rowCount
        var deletions = RowDeletions()
        var write: [Int] = []
        func sourceValue(_ r: Int) -> (String) -> Value { { rows.column(named: $0)?.value(at: r) ?? .null } }
        func insertIfWanted(_ r: Int) {
            guard case let .insert(condition)? = spec.whenNotMatched else { return }
            if let condition, condition.evaluate(sourceValue(r)) != true { return }
            write.append(r)
            result.rowsInserted += 1
        }
        for key in 0..<lookup.count {
            let r = lookup.rows[key]
            if !removed.isEmpty, removed[key] {
                // Gone whatever the clauses say, as by a DELETE committed first; the source row then matches nothing.
                for i in matchesByKey[key] ?? [] {
                    deletions.delete(found.matches[i].position, in: found.matches[i].file)
                    result.rowsDeleted += 1
                }
                if r < rows.rowCount { insertIfWanted(r) }
                continue
            }
            guard let matches = matchesByKey[key] else {
                insertIfWanted(r)
                continue
            }
            var replaced = false
            for i in matches {
                let m = found.matches[i]
                let batch = found.batches[m.batch]
                let target: (String) -> Value = { batch.column(named: $0)?.value(at: m.row) ?? .null }
                for clause in spec.whenMatched {
                    switch clause {
                    case let .update(c):
                        guard c == nil || c?.evaluate(source: sourceValue(r), target: target) == true else { continue }
                        deletions.delete(m.position, in: m.file)
                        replaced = true
                        result.rowsUpdated += 1
                    case let .delete(c):
                        guard c == nil || c?.evaluate(source: sourceValue(r), target: target) == true else { continue }
                        deletions.delete(m.position, in: m.file)
                        result.rowsDeleted += 1
                    }
                    break
                }
            }
            if replaced { write.append(r) }
        }
        // Rows with a null key match nothing (those past the source's are keys to delete).
        for r in lookup.nullKeyRows where r < rows.rowCount { insertIfWanted(r) }
        write.sort()

        // The new rows' file and the deletion vectors are encoded into memory and staged on the transaction, which
        // makes them durable in the same round of fsyncs as the commit file: on a real disk those fsyncs, not the
        // CPU, decide a small upsert's latency.
        let (staged, staging) = staging()
        let added = write.isEmpty ? [] : try staged.dataWriter(snapshot, schema: schema, keyColumns: spec.keyColumns, options: spec.writeOptions)
            .write(rows.take(write))
        let prepared = try deletions.prepare(table: staged, configuration: snapshot.configuration)
        tx.stage(objects: staging.objects)
        for f in added { tx.add(f) }
        prepared.apply(to: &tx)
        tx.readAddedFiles { f in !locator.candidateKeys(f, useFileFilters: true).isEmpty }
        tx.setTransactions(from: spec.writeOptions)
        result.filesTouched = deletions.fileCount
        result.filesAdded = added.count
        var parameters: [String: String] = [
            "predicate": spec.keyColumns.map { "target.\($0) = source.\($0)" }.joined(separator: " AND "),
            "matchedPredicates": JSONValue.array(spec.whenMatched.map { c in
                switch c {
                case let .update(when): return .object([("actionType", .string("update"))] + (when.map { [("predicate", .string($0.description))] } ?? []))
                case let .delete(when): return .object([("actionType", .string("delete"))] + (when.map { [("predicate", .string($0.description))] } ?? []))
                }
            }).serialized,
            "notMatchedPredicates": JSONValue.array(spec.whenNotMatched.map { c in
                switch c {
                case let .insert(when): return [.object([("actionType", .string("insert"))] + (when.map { [("predicate", .string($0.description))] } ?? []))]
                }
            } ?? []).serialized,
        ]
        if !removed.isEmpty { parameters["deleteKeys"] = String(removed.reduce(0) { $0 + ($1 ? 1 : 0) }) }
        let commit = try tx.commit(operation: "MERGE", parameters: parameters, metrics: [
            "numSourceRows": String(result.sourceRows), "numTargetRowsInserted": String(result.rowsInserted),
            "numTargetRowsUpdated": String(result.rowsUpdated), "numTargetRowsDeleted": String(result.rowsDeleted),
            "numTargetFilesAdded": String(added.count), "numTargetFilesRemoved": String(deletions.fileCount),
            "numOutputRows": String(write.count), "numOutputBytes": String(added.reduce(0) { $0 + $1.size }),
        ])
        return MutationResult(commit: commit, sourceRows: result.sourceRows, rowsInserted: result.rowsInserted,
                              rowsUpdated: result.rowsUpdated, rowsDeleted: result.rowsDeleted,
                              filesTouched: result.filesTouched, filesAdded: result.filesAdded)
    }

    /// The key lookup of a MERGE: the source rows' keys and, with `spec.deleteKeys`, those keys too (`lookup.rows`
    /// past the source's), so one locate pass finds the rows of both; `removed[key]` marks the keys to delete
    /// (empty without `deleteKeys`). A key in both keeps its source row (the winner among the source's).
    private static func mergeLookup(_ rows: RecordBatch, schema: TableSchema, spec: MergeSpec,
                                    prefer: ((Int, Int) -> Bool)?) throws(DeltaLogError) -> (lookup: KeyLookup, removed: [Bool]) {
        guard let keys = spec.deleteKeys, keys.rowCount > 0 else {
            return (try KeyLookup(batch: rows, keyColumns: spec.keyColumns, prefer: prefer), [])
        }
        // A key the source repeats without a winner is refused as in any MERGE: the combined lookup resolves repeats.
        if prefer == nil { _ = try KeyLookup(batch: rows, keyColumns: spec.keyColumns, prefer: nil) }
        let deleting = try keyBatch(keys, keyColumns: spec.keyColumns, schema: schema)
        let sourceKeys = try keyBatch(rows, keyColumns: spec.keyColumns, schema: schema)
        let both: RecordBatch
        do throws(ColumnarError) {
            both = try RecordBatch.concatenate([sourceKeys, deleting], schema: deleting.schema)
        } catch { throw .columnar(error) }
        let sourceRows = rows.rowCount
        let lookup = try KeyLookup(batch: both, keyColumns: spec.keyColumns, prefer: { current, candidate in
            candidate < sourceRows && (current >= sourceRows || prefer?(current, candidate) == true)
        })
        var removed = [Bool](repeating: false, count: lookup.count)
        let encoder = try KeyEncoder(batch: deleting, keyColumns: spec.keyColumns)
        var buffer: [UInt8] = []
        for r in 0..<deleting.rowCount where encoder.encode(r, into: &buffer) {
            if let k = buffer.withUnsafeBytes({ lookup.find($0) }) { removed[k] = true }
        }
        return (lookup, removed)
    }

    /// `batches` reconciled with the table schema (evolving it on `tx` when allowed), as one batch of the
    /// table's logical columns.
    func conformed(_ batches: [RecordBatch], snapshot: Snapshot, options: WriteOptions,
                   tx: inout Transaction) throws(DeltaLogError) -> (TableSchema, RecordBatch) {
        guard let incoming = batches.first?.schema else { throw .invalidArgument("no rows") }
        let allow = options.allowSchemaEvolution ?? (snapshot.configuration[SchemaEvolution.autoMergeProperty] != "false")
        let schema = try SchemaEvolution.reconcile(table: snapshot.schema, incoming: incoming,
                                                   partitionColumns: snapshot.partitionColumns, allowEvolution: allow)
        if schema != snapshot.schema {
            var m = snapshot.metadata
            m.schemaString = schema.schemaString
            for (k, v) in schema.columnMappingConfiguration { m.configuration[k] = v }
            tx.updateMetadata(m)
        }
        var parts: [RecordBatch] = []
        for b in batches { parts.append(try SchemaEvolution.conform(b, to: schema)) }
        do { return (schema, try RecordBatch.concatenate(parts, schema: try schema.logicalSchema())) } catch let e as DeltaLogError {
            throw e
        } catch let e as ColumnarError {
            throw .columnar(e)
        } catch { throw .invalidArgument("\(error)") }
    }
}
