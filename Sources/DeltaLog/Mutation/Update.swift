import Columnar

/// The new value of a column in an UPDATE.
public enum UpdateValue: Sendable {
    /// A constant (null allowed); it must fit the column's type.
    case value(Value)
    /// The row's value of another column, cast to the assigned column's type when that widens it.
    case column(String)
}

extension DeltaTable {
    /// UPDATE: the rows where `predicate` holds (all when nil) get the `assignments`; they are marked deleted
    /// with deletion vectors and written again, changed, as new files.
    @discardableResult
    public func update(where predicate: Predicate?, set assignments: [String: UpdateValue], options: WriteOptions = WriteOptions(),
                       maxConflictRetries: Int = 8) throws(DeltaLogError) -> MutationResult {
        guard !assignments.isEmpty else { throw .invalidArgument("an update needs at least one assignment") }
        return try retryingConflicts(maxConflictRetries) { snapshot throws(DeltaLogError) in
            var tx = try startTransaction(on: snapshot, isolation: options.isolation)
            tx.readWholeTable()
            let schema = snapshot.schema
            for name in assignments.keys where schema.column(named: name) == nil { throw .unknownColumn(name) }
            var deletions = RowDeletions()
            var changed: [RecordBatch] = []
            try scan(snapshot, columns: schema.columns.map(\.name), filter: predicate).forEach { b throws(DeltaLogError) in
                for p in b.rowPositions { deletions.delete(p, in: b.file) }
                changed.append(try Self.assign(assignments, to: b.batch, schema: schema))
            }
            tx.readFiles(deletions.files)
            var added: [AddFile] = []
            if !changed.isEmpty {
                let rows: RecordBatch
                let logical = try schema.logicalSchema()
                do throws(ColumnarError) { rows = try RecordBatch.concatenate(changed, schema: logical) } catch { throw .columnar(error) }
                added = try dataWriter(snapshot, schema: schema, keyColumns: [], options: options).write(rows)
            }
            for f in added { tx.add(f) }
            let updated = try deletions.stage(on: &tx, table: self, configuration: snapshot.configuration)
            tx.setTransactions(from: options)
            let commit = try tx.commit(operation: "UPDATE", parameters: ["predicate": predicate?.description ?? "true"], metrics: [
                "numUpdatedRows": String(updated), "numAddedFiles": String(added.count), "numRemovedFiles": String(deletions.fileCount),
            ])
            return MutationResult(commit: commit, rowsUpdated: updated, filesTouched: deletions.fileCount, filesAdded: added.count)
        }
    }

    private static func assign(_ assignments: [String: UpdateValue], to batch: RecordBatch, schema: TableSchema) throws(DeltaLogError) -> RecordBatch {
        var columns = batch.columns
        for (i, f) in batch.schema.fields.enumerated() {
            guard let a = assignments[f.name] else { continue }
            switch a {
            case let .value(v):
                guard v.fits(f.type) else { throw .invalidArgument("cannot assign \(v) to \(f.type) column '\(f.name)'") }
                var builder = ColumnBuilder(type: f.type, capacity: batch.rowCount)
                do { for _ in 0..<batch.rowCount { try builder.append(v) } } catch { throw .columnar(error) }
                columns[i] = builder.finish()
            case let .column(name):
                guard let c = batch.column(named: name) else { throw .unknownColumn(name) }
                guard TypeWidening.common(c.type, f.type) == f.type else {
                    throw .invalidArgument("cannot assign \(c.type) column '\(name)' to \(f.type) column '\(f.name)'")
                }
                columns[i] = try TypeWidening.cast(c, to: f.type)
            }
        }
        do { return try RecordBatch(schema: batch.schema, columns: columns, rowCount: batch.rowCount) } catch { throw .columnar(error) }
    }
}
