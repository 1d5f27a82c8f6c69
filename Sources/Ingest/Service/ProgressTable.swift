import Columnar
import DeltaLog
import Kafka

/// The service's resume point: a row-less Delta table in the warehouse whose `txn` actions say, per Kafka
/// partition, the offset below which every batch was applied to every table.
///
/// Why the tables' own `txn` versions are not enough to resume from: a batch commits table by table, so a crash
/// between two commits leaves one table at the batch's end while another table — one that has never seen the
/// partition, or is created by this very batch — holds no version for the partition at all. The smallest version
/// across the tables would then lie past messages that table never got. This marker is written only after all of a
/// batch's commits, so resuming from it loses nothing, and each table's own `txn` versions still make the re-read
/// messages it already holds no-ops (`IngestProgress.unapplied`).
struct ProgressTable {
    static let tableName = "swiftlake_ingest_progress"

    let table: DeltaTable

    init(warehouse: String) {
        table = DeltaTable(path: warehouse + "/" + Self.tableName)
    }

    /// The recorded resume offset of every partition the table knows.
    func offsets() throws(DeltaLogError) -> [TopicPartition: Int64] {
        guard try table.exists() else { return [:] }
        var txns: [String: Int64] = [:]
        for t in try table.snapshot().transactions { txns[t.appId] = t.version }
        return IngestProgress.versions(fromTxns: txns)
    }

    /// Records that every message below `next[tp]` is applied, in one commit. A partition never moves backwards:
    /// reading the current version makes a concurrent commit for the same partition a conflict (a zombie member
    /// still finishing a batch after losing the partition), which the caller retries.
    func record(_ next: [TopicPartition: Int64]) throws(DeltaLogError) {
        guard !next.isEmpty else { return }
        if try !table.exists() {
            let schema: Schema
            do { schema = try Schema(columns: [("note", .string, true)]) } catch {
                throw .invalidSchema(detail: "progress table: \(error)")
            }
            try table.create(TableDefinition(schema: schema, name: Self.tableName,
                                             description: "lake-ingest resume offsets (txn actions only, no rows)"),
                             ifNotExists: true)
        }
        var tx = try table.startTransaction()
        var changed = false
        for (tp, offset) in next.sorted(by: { $0.key < $1.key }) {
            let appID = IngestProgress.appID(tp)
            if let current = tx.transactionVersion(appId: appID), current >= offset { continue }
            tx.setTransaction(appId: appID, version: offset)
            changed = true
        }
        guard changed else { return }
        try tx.commit(operation: "STREAMING UPDATE", parameters: ["outputMode": "Append"])
    }
}
