import Columnar
import DeltaLog
import Kafka
import Metastore

extension IngestLoop {
    /// Appends quarantine rows, one commit per partition with that partition's next offset of the whole batch, so
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
        var exists = handle.exists
        for (tp, rows) in byPartition.sorted(by: { $0.key < $1.key }) {
            guard let version = next[tp] else { continue }
            do {
                let batch = try QuarantineRecord.recordBatch(rows)
                if !exists {
                    let format = config.tables.format(forTable: QuarantineRecord.tableName)
                    let snapshot = try table.create(TableDefinition(schema: batch.schema, name: QuarantineRecord.tableName,
                                                                    columnarFiles: format.columnarFiles), ifNotExists: true)
                    try register(name: QuarantineRecord.tableName, location: table.location, snapshot: snapshot)
                    exists = true
                    stats.tablesCreated += 1
                }
                _ = try table.append([batch], options: WriteOptions(transaction: (IngestProgress.appID(tp), version)))
                stats.commits += 1
                stats.quarantined += rows.count
            } catch let e as IngestLoopError { throw e }
            catch let e as DeltaLogError { throw .delta(table: QuarantineRecord.tableName, e) }
            catch let e as ColumnarError { throw .columnar(e) }
            catch { throw .delta(table: QuarantineRecord.tableName, .invalidArgument("\(error)")) }
        }
    }
}
