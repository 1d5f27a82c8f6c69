import Foundation

/// Table compactions that run after a batch's commits instead of inside them, so the batch (and the next batch's
/// preparation and its other tables' commits) need not wait for the rewrite. Compaction changes no data and
/// carries no offsets, so exactly-once does not depend on when it ends; the next commit to the same table waits
/// for it first (`waitFor`), so the table's operations stay one at a time.
final class BackgroundCompactions: @unchecked Sendable {
    private final class Job: @unchecked Sendable {
        let done = DispatchSemaphore(value: 0)
        var error: IngestLoopError?
    }

    private let lock = NSLock()
    private var jobs: [String: Job] = [:]

    /// Compacts `table` on a thread of its own. The caller has waited for any earlier compaction of it.
    func start(_ table: TableHandle) {
        let job = Job()
        lock.withLock { jobs[table.delta.location] = job }
        // A serial queue of its own: a thread at once, not a wait for the CPU-sized shared pool (`CommitPool`).
        DispatchQueue(label: "swiftlake.ingest.compaction").async {
            do throws(IngestLoopError) { try table.compact() } catch { job.error = error }
            job.done.signal()
        }
    }

    /// Waits until the compaction of the table at `location`, if one runs, has ended; returns its failure, once.
    /// A failed compaction loses nothing: the table keeps its small files until the next one.
    @discardableResult
    func waitFor(_ location: String) -> IngestLoopError? {
        guard let job = lock.withLock({ jobs.removeValue(forKey: location) }) else { return nil }
        job.done.wait()
        return job.error
    }

    /// Waits for every running compaction; returns the first failure, if any.
    @discardableResult
    func waitForAll() -> IngestLoopError? {
        let all = lock.withLock { () -> [Job] in
            defer { jobs = [:] }
            return Array(jobs.values)
        }
        var first: IngestLoopError?
        for job in all {
            job.done.wait()
            first = first ?? job.error
        }
        return first
    }
}
