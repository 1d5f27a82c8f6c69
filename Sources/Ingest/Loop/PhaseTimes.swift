import Foundation

extension IngestLoop {
    /// Where one batch's time went, in seconds (for the benchmark's phase breakdown and the progress log). The loop
    /// thread's phases add up to the batch's wall time; the commit phases are summed over the tables' commits, which
    /// run several at a time, so they may add up to more than `commitWait`.
    public struct PhaseTimes: Sendable, Equatable {
        /// Routing the messages into tables (parse, allow-lists).
        public var route = 0.0
        /// Location changes and the `<domain>_location` table.
        public var locations = 0.0
        /// Document lookup and transforms (`BatchPreparer`), on the loop thread.
        public var documents = 0.0
        /// Type fitting and column batches, on the loop thread.
        public var columns = 0.0
        /// Table creation and catalog checks, on the loop thread.
        public var catalog = 0.0
        /// Waiting for the table commits still running after the last table was prepared.
        public var commitWait = 0.0
        /// Quarantine rows and deferred offsets.
        public var quarantine = 0.0
        /// Summed over commits: waiting for the table's compaction from an earlier batch.
        public var compactionWait = 0.0
        /// Summed over commits: probing whether a table holds ids the batch deletes, and the DELETE commits.
        public var deletes = 0.0
        /// Summed over commits: the MERGE commits (locate targets, write and fsync data files, commit).
        public var merges = 0.0

        public init() {}

        /// Named figures, for reports.
        public var named: [(String, Double)] {
            [("route", route), ("locations", locations), ("documents", documents), ("columns", columns),
             ("catalog", catalog), ("commit_wait", commitWait), ("quarantine", quarantine),
             ("compaction_wait", compactionWait), ("deletes", deletes), ("merges", merges)]
        }

        public static func += (a: inout PhaseTimes, b: PhaseTimes) {
            a.route += b.route
            a.locations += b.locations
            a.documents += b.documents
            a.columns += b.columns
            a.catalog += b.catalog
            a.commitWait += b.commitWait
            a.quarantine += b.quarantine
            a.compactionWait += b.compactionWait
            a.deletes += b.deletes
            a.merges += b.merges
        }

        /// Seconds since `start` (a `now()` reading).
        static func since(_ start: UInt64) -> Double { Double(now() - start) / 1e9 }

        /// A monotonic clock reading in nanoseconds.
        static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
    }
}
