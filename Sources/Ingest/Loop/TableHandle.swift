import Columnar
import DeltaLog
import Kafka

/// One table as the loop sees it during a batch: whether it exists, the partitions' `txn` versions it held when
/// the batch started, and its schema as last known (to tell when a commit evolved it).
struct TableHandle: Sendable {
    let identity: TableIdentity
    let delta: DeltaTable
    var exists: Bool
    /// What the table held before this batch: changes below these offsets are already applied.
    let versions: [TopicPartition: Int64]
    /// The table's schema as of its last snapshot read or catalog sync (nil before creation).
    var schema: TableSchema?

    init(_ identity: TableIdentity, warehouse: String) throws(IngestLoopError) {
        try self.init(identity, delta: DeltaTable(path: identity.location(warehouse: warehouse)))
    }

    /// A table at a location of its own (the quarantine table); `identity` names it in errors.
    init(_ identity: TableIdentity, delta: DeltaTable) throws(IngestLoopError) {
        self.identity = identity
        self.delta = delta
        do {
            exists = try delta.exists()
            guard exists else {
                versions = [:]
                return
            }
            // The cached latest snapshot, advanced by the commits since (a full load only the first time).
            let s = try delta.latestSnapshot()
            var txns: [String: Int64] = [:]
            for t in s.transactions { txns[t.appId] = t.version }
            versions = IngestProgress.versions(fromTxns: txns)
            schema = s.schema
        } catch { throw .delta(table: identity.tableName, error) }
    }

    /// Deletes the rows whose `_id` is one of `ids` (none: a commit that only records `txns`); returns how many.
    /// No `txns` leaves the versions alone.
    func delete(ids: [String], txns: [(appId: String, version: Int64)]) throws(IngestLoopError) -> Int {
        let keys = try Self.keys(ids)
        do {
            return try delta.delete(keys: keys, keyColumns: [IngestLoop.keyColumn],
                                    options: WriteOptions(transactions: txns)).rowsDeleted
        } catch { throw .delta(table: identity.tableName, error) }
    }

    /// Records that the table holds every message below each `txns` version, in a commit of its own (no data). A
    /// version the table already has (or passed) is left alone.
    func recordOffsets(_ txns: [(appId: String, version: Int64)]) throws(IngestLoopError) {
        guard exists, !txns.isEmpty else { return }
        do {
            var tx = try delta.startTransaction()
            var changed = false
            for t in txns {
                if let current = tx.transactionVersion(appId: t.appId), current >= t.version { continue }
                tx.setTransaction(appId: t.appId, version: t.version)
                changed = true
            }
            guard changed else { return }
            try tx.commit(operation: "STREAMING UPDATE", parameters: ["outputMode": "Append"])
        } catch { throw .delta(table: identity.tableName, error) }
    }

    /// A one-column batch of `_id`s.
    static func keys(_ ids: [String]) throws(IngestLoopError) -> RecordBatch {
        do {
            return try FlatRecord.recordBatch(ids.map { FlatRecord([(IngestLoop.keyColumn, .string($0))]) },
                                              columns: [(IngestLoop.keyColumn, .string)])
        } catch { throw .columnar(error) }
    }

    /// MERGEs `batch` by `_id` with `txns` in the commit; `newerBy` (when the batch has it) decides which copy of
    /// a row wins. The rows with an `_id` of `deleting` go in the same commit, before the merge: a record of the
    /// batch with such an id is inserted anew, whatever the deleted copy's `newerBy`.
    func merge(_ batch: RecordBatch, deleting: [String] = [], txns: [(appId: String, version: Int64)],
               newerBy: String?) throws(IngestLoopError) -> MutationResult {
        let winner = newerBy.flatMap { batch.schema.field(named: $0) == nil ? nil : $0 }
        let options = WriteOptions(transactions: txns, allowSchemaEvolution: true)
        let keys = deleting.isEmpty ? nil : try Self.keys(deleting)
        do {
            return try delta.upsert([batch], keyColumns: [IngestLoop.keyColumn], newerBy: winner, deleteKeys: keys, options: options)
        } catch { throw .delta(table: identity.tableName, error) }
    }

    /// OPTIMIZE: small files and files with deletion vectors rewritten into few, so MERGEs keep probing few files.
    func compact() throws(IngestLoopError) {
        // The key column's bloom filters named up front: OPTIMIZE would otherwise open every file it compacts once
        // more to learn which columns have them.
        let options = OptimizeOptions(bloomFilterColumns: [IngestLoop.keyColumn])
        do { _ = try delta.optimize(options) } catch { throw .delta(table: identity.tableName, error) }
    }

    /// Whether merging `incoming` may have changed the schema: a column the table lacks or holds with another type
    /// (the MERGE widens then). A cheap test on every commit; a yes is confirmed against the new snapshot.
    func mayEvolve(_ incoming: Schema) -> Bool {
        guard let schema else { return true }
        return incoming.fields.contains { f in schema.column(named: f.name).map { $0.type != f.type } ?? true }
    }
}
