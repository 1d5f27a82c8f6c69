import Columnar
import DeltaLog

/// One table's share of a batch, prepared and ready to commit: documents fetched, transformed, laid out as one
/// column batch, the table created if new. Everything that touches the loop's state (document source, transform
/// pipeline, catalog) happened while preparing, so the commits of a batch's tables run at the same time.
struct TableCommit: Sendable {
    var table: TableHandle
    /// Ids the batch removes (deleted before the MERGE).
    var deleteIDs: [String]
    /// The rows to MERGE, nil when every upsert was quarantined or the batch only removes.
    var batch: RecordBatch?
    /// The next offset of every partition the table's share came from.
    var txns: [(appId: String, version: Int64)]
    /// Compact after the commit once this many files were added since the table's last compaction (0 = never).
    var compactAfterFiles: Int
    /// Files added since the table's last compaction, before this commit.
    var filesSinceCompaction: Int

    /// What the commits did.
    struct Outcome: Sendable {
        var commits = 0
        var rowsDeleted = 0
        var rowsInserted = 0
        var rowsUpdated = 0
        var filesAdded = 0
        var compacted = false
    }

    /// Deletes, MERGEs (latest `winner` wins), compacts when due. The delete carries the txns only when no MERGE
    /// follows: a crash between the two then redoes both. Without a MERGE it commits whenever the batch removes
    /// ids, also absent ones, to record the partitions' offsets; before a MERGE it is skipped when the table holds
    /// none of the ids (deletions carry no subtype and probe every table of their domain).
    func run(winner: String?) throws(IngestLoopError) -> Outcome {
        var out = Outcome()
        let deletes = batch == nil ? !deleteIDs.isEmpty : try table.holdsAny(deleteIDs)
        if table.exists, deletes {
            out.rowsDeleted += try table.delete(ids: deleteIDs, txns: batch == nil ? txns : [])
            out.commits += 1
        }
        if let batch {
            let r = try table.merge(batch, txns: txns, newerBy: winner)
            out.commits += 1
            out.rowsInserted += r.rowsInserted
            out.rowsUpdated += r.rowsUpdated
            out.filesAdded += r.filesAdded
        }
        if compactAfterFiles > 0, table.exists, filesSinceCompaction + out.filesAdded >= compactAfterFiles {
            try table.compact()
            out.compacted = true
        }
        return out
    }
}
