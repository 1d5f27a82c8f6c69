import Columnar
import DeltaLog

/// One table's share of a batch, prepared and ready to commit: documents fetched, transformed, laid out as one
/// column batch, the table created if new. Everything that touches the loop's state (document source, transform
/// pipeline, catalog) happened while preparing, so the commits of a batch's tables run at the same time.
struct TableCommit: Sendable {
    /// A record to MERGE and the message it came from (the one quarantined if the table refuses the record).
    struct Row: Sendable {
        var record: FlatRecord
        var message: IncomingMessage
    }

    var table: TableHandle
    /// Ids the batch removes (deleted before the MERGE, in its commit).
    var deleteIDs: [String]
    /// The rows to MERGE, nil when every upsert was quarantined or the batch only removes.
    var batch: RecordBatch?
    /// The records of `batch`, in its row order: split up when the table refuses the batch (`RecordIsolation`).
    var rows: [Row] = []
    /// The next offset of every partition the table's share came from.
    var txns: [(appId: String, version: Int64)]
    /// Some of the table's messages are quarantined: the offsets wait until the quarantine rows are committed
    /// (`Outcome.deferredTxns`), or a crash in between would skip those messages for good without their rows.
    var deferOffsets = false
    /// Compact after the commit once this many files were added since the table's last compaction (0 = never).
    var compactAfterFiles: Int
    /// Files added since the table's last compaction, before this commit.
    var filesSinceCompaction: Int
    /// Stamps quarantine records (µs since the epoch).
    var time: Int64 = 0
    /// Where a due compaction runs, after this commit, without holding up the batch.
    var compactions: BackgroundCompactions

    /// What the commits did.
    struct Outcome: Sendable {
        var commits = 0
        var rowsDeleted = 0
        var rowsInserted = 0
        var rowsUpdated = 0
        var filesAdded = 0
        var compacted = false
        /// The commit's share of the batch's phases (`compactionWait`, `deletes`, `merges`).
        var times = IngestLoop.PhaseTimes()
        /// Records the table refused, each alone, for a reason every retry would meet again.
        var quarantined: [QuarantineRecord] = []
        /// Offsets to record in the table once the batch's quarantine rows are committed (`TableHandle.recordOffsets`).
        var deferredTxns: [(appId: String, version: Int64)] = []

        mutating func add(_ r: MutationResult) {
            commits += 1
            rowsDeleted += r.rowsDeleted
            rowsInserted += r.rowsInserted
            rowsUpdated += r.rowsUpdated
            filesAdded += r.filesAdded
        }
    }

    /// MERGEs (latest `winner` wins) with the batch's removals and `txns` in one commit, starts a compaction when
    /// due (`BackgroundCompactions`). The removed ids' rows are deleted unconditionally before the merge (an upsert
    /// after a removal re-creates the record, `TableWork`), in the same locate pass: no separate probe, no second
    /// commit. Without a MERGE a DELETE commits whenever the batch removes ids, also absent ones, to record the
    /// partitions' offsets.
    ///
    /// A MERGE the table refuses for reasons in the data (`IngestLoopError.isPermanentForRecords`) committed
    /// nothing: the removals then commit on their own, and the batch is split until the refused records are found:
    /// they come back in `Outcome.quarantined`, the others are merged, and the offsets are deferred. Any other
    /// failure is thrown, for the batch to be retried.
    func run(winner: String?) throws(IngestLoopError) -> Outcome {
        // The table's compaction from an earlier batch ends before this batch touches the table.
        var clock = IngestLoop.PhaseTimes.now()
        compactions.waitFor(table.delta.location)
        var out = Outcome()
        out.times.compactionWait = IngestLoop.PhaseTimes.since(clock)
        clock = IngestLoop.PhaseTimes.now()
        var deferred = deferOffsets
        if let batch {
            do {
                out.add(try table.merge(batch, deleting: deleteIDs, txns: deferred ? [] : txns, newerBy: winner))
            } catch {
                guard error.isPermanentForRecords else { throw error }
                if !deleteIDs.isEmpty {
                    out.rowsDeleted += try table.delete(ids: deleteIDs, txns: [])
                    out.commits += 1
                }
                let refused = try RecordIsolation.isolate(rows[...], failure: error) { part throws(IngestLoopError) in
                    guard let b = try IngestLoop.recordBatch(part.map(\.record), table: table.schema) else { return }
                    out.add(try table.merge(b, txns: [], newerBy: winner))
                }
                out.quarantined = refused.map { row, e in
                    QuarantineRecord(message: row.message, kind: .writeFailed, error: e, time: time)
                }
                deferred = true
            }
            out.times.merges = IngestLoop.PhaseTimes.since(clock)
        } else if table.exists, !deleteIDs.isEmpty {
            out.rowsDeleted += try table.delete(ids: deleteIDs, txns: deferred ? [] : txns)
            out.commits += 1
            out.times.deletes = IngestLoop.PhaseTimes.since(clock)
        }
        if deferred { out.deferredTxns = txns }
        if IngestLoop.compactionDue(limit: compactAfterFiles, exists: table.exists, files: filesSinceCompaction + out.filesAdded) {
            compactions.start(table)
            out.compacted = true
        }
        return out
    }
}
