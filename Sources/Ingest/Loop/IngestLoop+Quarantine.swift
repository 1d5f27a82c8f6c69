import Columnar
import DeltaLog
import Kafka
import Metastore

extension IngestLoop {
    /// Appends quarantine rows in one commit carrying each of their partitions' next offset of the whole batch, so
    /// the quarantine table also records how far each partition got; rows the table already has are skipped.
    mutating func appendQuarantine(_ records: [QuarantineRecord], messages: [IncomingMessage],
                                   stats: inout BatchStats) throws(IngestLoopError) {
        guard !records.isEmpty else { return }
        let table = DeltaTable(path: quarantineLocation)
        // The identity only names the table in errors (the quarantine table is not a CommCare table).
        let handle = try TableHandle(TableIdentity(domain: "swiftlake", topic: .locations, subtype: "quarantine"), delta: table)
        var next: [TopicPartition: Int64] = [:]
        for m in messages { next[m.topicPartition] = max(next[m.topicPartition] ?? 0, m.offset + 1) }
        var byPartition: [TopicPartition: [QuarantineRecord]] = [:]
        for r in records {
            let tp = TopicPartition(r.topic, r.partition)
            if let v = handle.versions[tp], r.offset < v { stats.alreadyApplied += 1; continue }
            byPartition[tp, default: []].append(r)
        }
        let txns = byPartition.keys.sorted().compactMap { tp in next[tp].map { (appId: IngestProgress.appID(tp), version: $0) } }
        let rows = byPartition.keys.sorted().flatMap { byPartition[$0] ?? [] }
        guard !rows.isEmpty else { return }
        do {
            let batch = try QuarantineRecord.recordBatch(rows)
            if !handle.exists {
                let format = config.tables.format(forTable: QuarantineRecord.tableName)
                let snapshot = try table.create(TableDefinition(schema: batch.schema, name: QuarantineRecord.tableName,
                                                                columnarFiles: format.columnarFiles), ifNotExists: true)
                try register(name: QuarantineRecord.tableName, location: table.location, snapshot: snapshot)
                stats.tablesCreated += 1
            }
            _ = try table.append([batch], options: WriteOptions(transactions: txns))
            stats.commits += 1
            stats.quarantined += rows.count
        } catch let e as IngestLoopError { throw e }
        catch let e as DeltaLogError { throw .delta(table: QuarantineRecord.tableName, e) }
        catch let e as ColumnarError { throw .columnar(e) }
        catch { throw .delta(table: QuarantineRecord.tableName, .invalidArgument("\(error)")) }
    }
}
