import Columnar

extension DeltaTable {
    /// Appends rows. Columns are matched by name; new columns and wider types evolve the schema when allowed.
    /// If a concurrent commit changed the metadata (e.g. another writer evolved the schema), the append is
    /// redone against the new schema — its files are rewritten, since column ids may differ — up to 3 times.
    @discardableResult
    public func append(_ batches: [RecordBatch], options: WriteOptions = WriteOptions()) throws(DeltaLogError) -> CommitResult {
        var attempt = 1
        while true {
            do {
                return try write(batches, replacing: nil, options: options)
            } catch let .conflict(c) where c.kind == .metadataChanged && attempt < 3 {
                attempt += 1
            }
        }
    }

    /// Replaces the whole table (`partitions == nil`) or the partitions `partitions` selects — a predicate over
    /// partition columns only — with `batches`, whose rows must all lie in those partitions.
    @discardableResult
    public func overwrite(_ batches: [RecordBatch], partitions: Predicate? = nil, options: WriteOptions = WriteOptions()) throws(DeltaLogError) -> CommitResult {
        try write(batches, replacing: .some(partitions), options: options)
    }

    /// `replacing`: nil = append; .some(nil) = overwrite all; .some(p) = overwrite partitions matching p.
    private func write(_ batches: [RecordBatch], replacing: Predicate??, options: WriteOptions) throws(DeltaLogError) -> CommitResult {
        let snapshot = try self.snapshot()
        var tx = try startTransaction(on: snapshot, isolation: options.isolation)
        let partitionColumns = snapshot.partitionColumns
        guard let incoming = batches.first?.schema else { throw .invalidArgument("nothing to write") }
        for b in batches where b.schema != incoming { throw .invalidArgument("all batches of a write must have one schema") }

        // Schema: evolve if needed, then lay the rows out as the table's columns.
        let allow = options.allowSchemaEvolution ?? (snapshot.configuration[SchemaEvolution.autoMergeProperty] != "false")
        let schema = try SchemaEvolution.reconcile(table: snapshot.schema, incoming: incoming,
                                                   partitionColumns: partitionColumns, allowEvolution: allow)
        if schema != snapshot.schema {
            let widened = schema.columns.contains { c in snapshot.schema.column(id: c.id).map { $0.type != c.type } ?? false }
            if widened, let p = snapshot.protocolAction.adding(feature: "typeWidening") { tx.updateProtocol(p) }
            var m = snapshot.metadata
            m.schemaString = schema.schemaString
            for (k, v) in schema.columnMappingConfiguration { m.configuration[k] = v }
            tx.updateMetadata(m)
        }
        let rows: RecordBatch
        do {
            rows = try RecordBatch.concatenate(try batches.map { b throws(DeltaLogError) in try SchemaEvolution.conform(b, to: schema) },
                                               schema: try schema.logicalSchema())
        } catch let e as DeltaLogError { throw e } catch let e as ColumnarError { throw .columnar(e) } catch { throw .invalidArgument("\(error)") }

        // Removals for an overwrite, recording what was read so concurrent writers into it conflict.
        let filter = PartitionFilter(schema: schema, partitionColumns: partitionColumns)
        var removed: [AddFile] = []
        if case let .some(predicate) = replacing {
            if let predicate {
                try filter.validate(predicate)
                tx.readPartitions { values in filter.evaluate(predicate, values) == true }
                removed = snapshot.files.filter { filter.evaluate(predicate, $0.partitionValues) == true }
            } else {
                tx.readWholeTable()
                removed = snapshot.files
            }
            tx.readFiles(removed)
        }

        let writer = DataWriter(storage: storage, format: try DataFormats.format(for: snapshot.protocolAction, metadata: snapshot.metadata),
                                schema: schema, partitionColumns: partitionColumns,
                                options: DataFileWriteOptions(rowGroupRows: options.rowGroupRows, bloomFilterColumns: Set(
                                    options.bloomFilterColumns.compactMap { schema.column(named: $0)?.physicalName })),
                                maxRowsPerFile: options.maxRowsPerFile, pruningSeed: pruningSeed(keyColumns: [], options: options))
        let added = try writer.write(rows)
        if case let .some(.some(predicate)) = replacing {
            for f in added where filter.evaluate(predicate, f.partitionValues) != true {
                throw .invalidArgument("overwrite writes partition \(f.partitionValues.description) outside '\(predicate)'")
            }
        }
        let now = Transaction.nowMillis()
        for f in removed { tx.remove(f.removal(at: now)) }
        for f in added { tx.add(f) }
        tx.setTransactions(from: options)

        var parameters = ["mode": replacing == nil ? "Append" : "Overwrite",
                          "partitionBy": JSONValue.array(partitionColumns.map(JSONValue.string)).serialized]
        if case let .some(.some(p)) = replacing { parameters["predicate"] = p.description }
        let metrics = [
            "numFiles": String(added.count), "numOutputRows": String(rows.rowCount),
            "numOutputBytes": String(added.reduce(0) { $0 + $1.size }),
            "numRemovedFiles": String(removed.count), "numRemovedBytes": String(removed.reduce(0) { $0 + $1.size }),
        ]
        return try tx.commit(operation: "WRITE", parameters: parameters, metrics: metrics)
    }
}
