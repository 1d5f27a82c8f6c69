import Foundation

/// Runs a batch's table commits on threads of their own, at most `limit` at once, each as soon as it is prepared:
/// the next table's documents and transforms (CPU) overlap the earlier tables' commits (mostly fsync waits).
/// Submitted from one thread (the loop's); the commits only touch their own table.
final class CommitPool: @unchecked Sendable {
    private let lock = NSLock()
    private let slots: DispatchSemaphore
    private let group = DispatchGroup()
    private let winner: String?
    private var submitted: [TableCommit] = []
    private var results: [Int: Result<TableCommit.Outcome, IngestLoopError>] = [:]

    init(limit: Int, winner: String?) {
        slots = DispatchSemaphore(value: max(1, limit))
        self.winner = winner
    }

    /// Starts `commit`, first waiting while `limit` commits are running.
    func submit(_ commit: TableCommit) {
        let i = submitted.count
        submitted.append(commit)
        slots.wait()
        // A serial queue of its own gets a thread at once; a concurrent queue's blocks wait for the CPU-sized shared
        // pool, which on Linux grows only periodically while its threads block in fsync.
        DispatchQueue(label: "swiftlake.ingest.commit").async(group: group) { [self] in
            let r = Result { () throws(IngestLoopError) in try commit.run(winner: winner) }
            lock.withLock { results[i] = r }
            slots.signal()
        }
    }

    /// Waits for every submitted commit and returns each with its outcome, in submission order.
    func finish() -> [(commit: TableCommit, outcome: Result<TableCommit.Outcome, IngestLoopError>)] {
        group.wait()
        return lock.withLock { submitted.indices.compactMap { i in results[i].map { (submitted[i], $0) } } }
    }
}
