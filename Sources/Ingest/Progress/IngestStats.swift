import Kafka

/// Counters of the ingest loop and the periodic progress line (issue 9 §7): records/s since the last line,
/// lag per partition, commits, quarantined (by kind) and skipped messages.
public struct IngestStats: Sendable {
    public private(set) var messages = 0
    public private(set) var records = 0
    public private(set) var skipped = 0
    public private(set) var commits = 0
    public private(set) var batches = 0
    public private(set) var quarantined: [QuarantineRecord.Kind: Int] = [:]
    /// Quarantined messages counted from `IngestLoop.BatchStats`, which does not say their kind.
    public private(set) var quarantinedUnsorted = 0
    private var lastLineTime: Int64
    private var recordsAtLastLine = 0

    /// `start` in microseconds since the epoch.
    public init(start: Int64) {
        lastLineTime = start
    }

    /// Counts one finished batch: its plan, the records written and the table commits it took.
    public mutating func batchDone(_ plan: BatchPlan, recordsWritten: Int, commits: Int, quarantine: [QuarantineRecord]) {
        batches += 1
        messages += plan.messageCount
        records += recordsWritten
        skipped += plan.skipped.count
        self.commits += commits
        for q in quarantine { quarantined[q.kind, default: 0] += 1 }
    }

    /// Counts one batch the ingest loop committed: rows written (inserted, updated, deleted), commits, quarantined.
    public mutating func batchDone(_ s: IngestLoop.BatchStats) {
        batches += 1
        messages += s.messages
        records += s.rowsInserted + s.rowsUpdated + s.rowsDeleted
        commits += s.commits
        quarantinedUnsorted += s.quarantined
    }

    public var quarantinedTotal: Int { quarantined.values.reduce(0, +) + quarantinedUnsorted }

    /// The progress line, e.g. `ingest: 1520 records/s, 3 commits, 12 quarantined (missing_document 12), 4 skipped,
    /// lag case-sql-0=0 case-sql-1=17`. Resets the rate window.
    public mutating func progressLine(now: Int64, lag: [TopicPartition: Int64]) -> String {
        let seconds = Double(max(now - lastLineTime, 1)) / 1e6
        let rate = Int((Double(records - recordsAtLastLine) / seconds).rounded())
        lastLineTime = now
        recordsAtLastLine = records
        var line = "ingest: \(rate) records/s, \(records) records, \(commits) commits, \(quarantinedTotal) quarantined"
        if !quarantined.isEmpty {
            line += " (" + quarantined.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }
                .joined(separator: ", ") + ")"
        }
        line += ", \(skipped) skipped"
        if !lag.isEmpty {
            line += ", lag " + lag.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        return line
    }
}
