extension IngestLoop {
    /// What one batch did.
    public struct BatchStats: Sendable, Equatable {
        public var messages = 0
        public var tablesCreated = 0
        public var commits = 0
        public var rowsInserted = 0
        public var rowsUpdated = 0
        public var rowsDeleted = 0
        public var quarantined = 0
        /// Messages a table already held (redelivery), not applied again.
        public var alreadyApplied = 0
        /// Catalog entries updated after a commit evolved a table's schema.
        public var catalogUpdates = 0
        /// Tables compacted (OPTIMIZE) after `tables.compact_after_files` new files.
        public var compactions = 0
        /// Where the batch's time went.
        public var times = PhaseTimes()
        public init() {}
    }
}
