import Foundation

/// Writes the automatic checkpoints off the commit's critical path: a commit that reaches the checkpoint
/// interval returns once its JSON commit is durable, and the checkpoint of that version is written afterwards
/// on one background queue per process, in the order the versions were committed.
///
/// Why this is safe: a checkpoint only restates a version that is already committed (the scheduler is handed
/// the snapshot of a version whose commit file was durably created); it is written to a temporary file and
/// renamed into place, so a crash leaves no checkpoint or a complete one; `_last_checkpoint` is never moved
/// back (``Checkpoint/write(storage:snapshot:)``, and a job whose version is not newer than the recorded
/// checkpoint is skipped); and readers never wait — until the checkpoint lands they read the previous
/// checkpoint plus the commits after it.
final class CheckpointScheduler: @unchecked Sendable {
    static let shared = CheckpointScheduler()

    private let queue = DispatchQueue(label: "swiftlake.deltalog.checkpoints", qos: .utility)
    private let lock = NSLock()
    private var failures: [String: DeltaLogError] = [:]

    /// Queues a checkpoint of `snapshot`, a committed version of `table`.
    func schedule(_ table: DeltaTable, _ snapshot: Snapshot) {
        queue.async { self.write(table, snapshot) }
    }

    private func write(_ table: DeltaTable, _ snapshot: Snapshot) {
        // Another writer may already have checkpointed this version or a newer one.
        if let last = LastCheckpoint.read(table.storage), last.version >= snapshot.version { return }
        let key = SnapshotCache.key(table)
        do {
            try Checkpoint.write(storage: table.storage, snapshot: snapshot)
            lock.withLock { _ = failures.removeValue(forKey: key) }
        } catch {
            lock.withLock { failures[key] = error }
        }
    }

    /// Blocks until every checkpoint queued so far is written (or failed).
    func waitUntilIdle() { queue.sync {} }

    /// The error of the last background checkpoint of `table`, if it failed (cleared by a later success).
    func failure(_ table: DeltaTable) -> DeltaLogError? { lock.withLock { failures[SnapshotCache.key(table)] } }
}
