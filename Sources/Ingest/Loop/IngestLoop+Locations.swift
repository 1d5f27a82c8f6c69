import Columnar
import DeltaLog
import Kafka

extension IngestLoop {
    /// Applies one domain's location changes to `<domain>_location`, partition by partition: every location in a
    /// changed subtree gets its hierarchy row rewritten (a move rewrites the whole subtree), deleted locations'
    /// rows go, with the rows below them; the enrichment cache forgets the changed locations (in
    /// `BatchPreparer.prepareLocations`) before this batch's forms and cases are enriched.
    /// Partitions with quarantined messages commit without their `txn`, which comes back in `deferred` to be
    /// recorded after the quarantine rows (as for form and case tables).
    mutating func applyLocations(_ group: ChangeGroup<String>, now: Int64, stats: inout BatchStats)
        throws(IngestLoopError) -> (quarantined: [QuarantineRecord], deferred: [(TableHandle, [(appId: String, version: Int64)])]) {
        let identity = TableIdentity(domain: group.key, topic: .locations, subtype: nil)
        // The table's compaction from an earlier batch ends before this batch touches the table.
        compactions.waitFor(identity.location(warehouse: config.warehouse))
        var table = try TableHandle(identity, warehouse: config.warehouse)
        try checkCatalogOnce(table, stats: &stats)
        var quarantined: [QuarantineRecord] = []
        var deferred: [(appId: String, version: Int64)] = []
        for part in Self.byPartition(group) {
            guard let tp = part.changes.first?.message.topicPartition else { continue }
            let todo = IngestProgress.unapplied(part, tableVersions: table.versions)
            stats.alreadyApplied += part.changes.count - todo.changes.count
            guard let next = BatchPreparer.nextOffsets(todo.changes)[tp] else { continue }
            let txn = (appId: IngestProgress.appID(tp), version: next)
            let prepared: PreparedLocations
            do {
                prepared = try BatchPreparer.prepareLocations(todo, pipeline: &pipeline, directory: &sources.locations, now: now)
            } catch { throw .source(error) }
            quarantined += prepared.quarantined
            let txns = prepared.quarantined.isEmpty ? [txn] : []
            if txns.isEmpty { deferred.append(txn) }
            let batch = try Self.recordBatch(prepared.rows, table: table.schema, nullType: LocationNode.columnType)
            if !prepared.deletedIDs.isEmpty, table.exists {
                let ids = try Self.locationRows(in: table, under: Set(prepared.deletedIDs))
                stats.rowsDeleted += try table.delete(ids: ids, txns: batch == nil ? txns : [])
                stats.commits += 1
            }
            guard let batch else { continue }
            // The hierarchy comes from the directory as it is now: the last write wins, no timestamp to compare.
            try upsert(batch, into: &table, txns: txns, newerBy: nil, stats: &stats)
        }
        compactIfDue(table, stats: &stats)
        return (quarantined, deferred.isEmpty ? [] : [(table, deferred)])
    }

    /// The `_id`s of the rows for `deleted` locations and their descendants: rows whose `_id` or any `<type>_id`
    /// column is one of them (HQ deletes a location with its subtree, and the directory no longer knows it).
    static func locationRows(in table: TableHandle, under deleted: Set<String>) throws(IngestLoopError) -> [String] {
        let columns = (table.schema?.columns ?? []).map(\.name).filter { $0.hasSuffix("_id") }
        guard columns.contains(keyColumn) else { return [] }
        var out: [String] = []
        do {
            try table.delta.scan(columns: columns).forEach { (b: TableScanBatch) throws(DeltaLogError) in
                let cols = columns.compactMap { b.batch.column(named: $0) }
                guard let key = b.batch.column(named: keyColumn) else { return }
                for row in 0..<b.batch.rowCount {
                    let hit = cols.contains { c in
                        if case .string(let s) = c.value(at: row) { return deleted.contains(s) }
                        return false
                    }
                    if hit, case .string(let id) = key.value(at: row) { out.append(id) }
                }
            }
        } catch { throw .delta(table: table.identity.tableName, error) }
        // Nothing below them: the key batch must not be empty, and deleting absent ids changes nothing.
        return out.isEmpty ? Array(deleted).sorted() : out
    }

    /// One group per Kafka partition (offset order kept), because a commit carries one `txn`.
    static func byPartition<K>(_ group: ChangeGroup<K>) -> [ChangeGroup<K>] {
        var order: [TopicPartition] = []
        var parts: [TopicPartition: [RoutedChange]] = [:]
        for c in group.changes {
            let tp = c.message.topicPartition
            if parts[tp] == nil { order.append(tp) }
            parts[tp, default: []].append(c)
        }
        return order.map { tp in
            var g = group
            g.changes = parts[tp] ?? []
            return g
        }
    }
}
