import Foundation

/// An optimistic transaction: reads a snapshot, records what it read, stages actions, and commits them as
/// the next version with put-if-absent. Losing the race, it checks the winning commits against what it read
/// and wrote (``ConflictChecker``); without a logical conflict it moves onto the new version and retries with
/// bounded, jittered backoff, else it throws ``DeltaLogError/conflict(_:)`` naming the winner.
public struct Transaction: Sendable {
    public let table: DeltaTable
    /// The snapshot read; nil when creating a table.
    public let snapshot: Snapshot?
    public var isolation: IsolationLevel
    public private(set) var readSet = ReadSet()
    public private(set) var actions: [Action] = []
    /// New objects the actions reference, not yet written: the commit makes them durable together with itself.
    private(set) var stagedObjects: [(path: String, bytes: [UInt8])] = []
    /// Attempts before giving up on a hot table.
    public var maxAttempts = 25

    init(table: DeltaTable, snapshot: Snapshot?, isolation: IsolationLevel) throws(DeltaLogError) {
        if let p = snapshot?.protocolAction {
            // `invariants` comes with every legacy writer-2 protocol upgraded to table features; SwiftLake does not
            // enforce invariants, so it writes only while no column declares one.
            let hasInvariants = snapshot?.metadata.schemaString.contains("\"delta.invariants\"") ?? false
            let missing = p.unsupportedWriterFeatures.filter { $0 != "invariants" || hasInvariants }
            guard missing.isEmpty else { throw .unsupportedWriterFeatures(missing) }
        }
        self.table = table
        self.snapshot = snapshot
        self.isolation = isolation
    }

    public var readVersion: Int64 { snapshot?.version ?? -1 }

    // MARK: recording reads

    /// Records that the transaction's outcome depends on the whole table (e.g. overwrite, unfiltered scan).
    public mutating func readWholeTable() { readSet.wholeTable = true }

    /// Records a read of the partitions `predicate` selects (a predicate over serialized partition values).
    public mutating func readPartitions(where predicate: @escaping ReadSet.PartitionPredicate) {
        readSet.partitionPredicates.append(predicate)
    }

    /// Records that these files' contents were read.
    public mutating func readFiles<S: Sequence>(_ files: S) where S.Element == AddFile {
        for f in files { readSet.files.insert(f.path) }
    }

    /// Records that a concurrent commit adding a file `conflicts` selects is a conflict, even a blind append.
    public mutating func readAddedFiles(where conflicts: @escaping @Sendable (AddFile) -> Bool) {
        readSet.conflictingAdds.append(conflicts)
    }

    /// The last version application `appId` committed, recording the read so a concurrent commit by the same
    /// application is a conflict.
    public mutating func transactionVersion(appId: String) -> Int64? {
        readSet.appIds.insert(appId)
        return snapshot?.transactionVersion(appId: appId)
    }

    // MARK: staging

    public mutating func add(_ file: AddFile) { actions.append(.add(file)) }
    public mutating func remove(_ file: RemoveFile) { actions.append(.remove(file)) }
    /// Records that application `appId` reached `version` in this commit.
    public mutating func setTransaction(appId: String, version: Int64) {
        actions.append(.txn(SetTransaction(appId: appId, version: version, lastUpdated: Self.nowMillis())))
    }
    /// Records every application transaction `options` carries, in order: several `txn` actions in one commit
    /// (ingest: one per Kafka topic-partition of a batch). A repeated `appId` keeps its last version, since a
    /// commit holds at most one `txn` per application.
    public mutating func setTransactions(from options: WriteOptions) {
        let last = Dictionary(options.transactions.map { ($0.appId, $0.version) }, uniquingKeysWith: { _, later in later })
        var done: Set<String> = []
        for t in options.transactions where done.insert(t.appId).inserted {
            setTransaction(appId: t.appId, version: last[t.appId] ?? t.version)
        }
    }
    public mutating func updateMetadata(_ m: Metadata) { actions.append(.metaData(m)) }
    public mutating func updateProtocol(_ p: ProtocolAction) { actions.append(.protocol(p)) }
    /// New objects (data and deletion-vector files the staged actions reference) for the commit to write: it
    /// makes them durable in the same round of fsyncs as its own file, before the commit file appears.
    mutating func stage(objects: [(path: String, bytes: [UInt8])]) { stagedObjects += objects }

    /// Whether this transaction only appends without reading: such commits never conflict on data.
    public var isBlindAppend: Bool {
        readSet.isEmpty && actions.allSatisfy { if case let .add(f) = $0 { return f.dataChange } else { return false } }
    }

    static func nowMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    // MARK: committing

    /// Commits the staged actions with a commitInfo describing `operation`; returns the committed version.
    @discardableResult
    public func commit(operation: String, parameters: [String: String] = [:], metrics: [String: String] = [:]) throws(DeltaLogError) -> CommitResult {
        let removed = Set(actions.compactMap { a -> String? in if case let .remove(r) = a { return r.path } else { return nil } })
        let checker = ConflictChecker(readSet: readSet, isolation: isolation, removedPaths: removed)
        let blind = isBlindAppend
        var version = readVersion + 1
        var checkedUpTo = readVersion
        var lastTimestamp = snapshot?.timestamp ?? 0
        // The commits that won meanwhile, in order: with them and its own actions the transaction derives the
        // snapshot of the version it commits, so the next operation need not reload the table.
        var winners: [CommitRecord] = []
        var unwritten = stagedObjects
        let written = declaringFeatures(actions)
        // Only the commitInfo line changes between attempts.
        let body = Action.encode(written)
        var rng = SystemRandomNumberGenerator()
        for attempt in 1...max(1, maxAttempts) {
            // Commit times must increase with versions, or time travel by timestamp would be ambiguous.
            let now = max(Self.nowMillis(), lastTimestamp + 1)
            let info = CommitInfo(timestamp: now, operation: operation, operationParameters: parameters,
                                  readVersion: readVersion >= 0 ? readVersion : nil, isolationLevel: isolation.rawValue,
                                  isBlindAppend: blind, operationMetrics: metrics, txnId: UUID().uuidString.lowercased())
            var bytes = Action.encode([.commitInfo(info)])
            bytes += body
            let won: Bool
            do { won = try create(LogPaths.commit(version), bytes, after: unwritten) } catch { throw .storage(error) }
            // Whether or not the commit won, the staged objects are durable now.
            unwritten = []
            if won {
                forgetRemovedFiles(removed)
                let committed = derivedSnapshot(version: version, timestamp: now, actions: written, bytes: bytes, winners: winners)
                if let committed { SnapshotCache.shared.put(SnapshotCache.key(table), .init(snapshot: committed, commitBytes: bytes)) }
                let checkpointError = maybeCheckpoint(committed, version: version)
                return CommitResult(version: version, attempts: attempt, timestamp: now,
                                    checkpointError: checkpointError, snapshot: committed)
            }
            if readVersion < 0 { throw .tableAlreadyExists(root: table.location) }
            let newer = try table.commits(after: checkedUpTo)
            for w in newer {
                try checker.check(w)
                lastTimestamp = max(lastTimestamp, w.timestamp)
            }
            winners += newer
            checkedUpTo = newer.last?.version ?? version
            version = checkedUpTo + 1
            if attempt < maxAttempts {
                // Jittered exponential backoff so racing writers spread out.
                let capMicros = min(1 << min(attempt + 8, 17), 100_000)
                usleep(UInt32(Int.random(in: 0...capMicros, using: &rng)))
            }
        }
        throw .retriesExhausted(attempts: maxAttempts, lastWinner: checkedUpTo)
    }

    /// Creates commit file `path` with put-if-absent once `objects` are durable: on local storage in one round of
    /// overlapped fsyncs (``LocalStorage/putIfAbsent(_:_:after:)``), elsewhere object by object first.
    private func create(_ path: String, _ bytes: [UInt8], after objects: [(path: String, bytes: [UInt8])]) throws(StorageError) -> Bool {
        guard !objects.isEmpty else { return try table.storage.putIfAbsent(path, bytes) }
        if let local = table.storage as? LocalStorage { return try local.putIfAbsent(path, bytes, after: objects) }
        for o in objects { try table.storage.write(o.path, o.bytes) }
        return try table.storage.putIfAbsent(path, bytes)
    }

    /// `actions` plus, when they use a feature the table's protocol does not declare yet, the protocol action
    /// that declares it, so the log stays honest whichever operation produced them: the first deletion vector
    /// in a Parquet table adds the `deletionVectors` reader and writer feature (a reader that ignored it
    /// would return deleted rows).
    private func declaringFeatures(_ actions: [Action]) -> [Action] {
        let usesDeletionVectors = actions.contains { if case let .add(f) = $0 { return f.deletionVector != nil } else { return false } }
        guard usesDeletionVectors else { return actions }
        var current = snapshot?.protocolAction
        for case let .protocol(p) in actions { current = p }
        guard let current, let upgraded = current.adding(feature: "deletionVectors") else { return actions }
        return actions.filter { if case .protocol = $0 { return false } else { return true } } + [.protocol(upgraded)]
    }

    /// The table at `version`, just committed with `bytes` (its commitInfo at `timestamp`, then `actions`) on top of
    /// the snapshot read and `winners`: derived from them without reading the table. A reader replaying the log
    /// parses `bytes` back into exactly `actions` (``Action/decodesAsItself``), so the actions in memory are applied
    /// rather than the bytes parsed again; the rare action that would not read back as itself sends the derivation
    /// through the bytes. Nil when the winners do not form an unbroken run up to `version` or the result is not a
    /// readable table (the next operation then loads the table from the log).
    private func derivedSnapshot(version: Int64, timestamp: Int64, actions: [Action], bytes: [UInt8],
                                 winners: [CommitRecord]) -> Snapshot? {
        var state = snapshot?.state ?? TableState()
        var expected = readVersion + 1
        for w in winners {
            guard w.version == expected else { return nil }
            state.apply(w.actions, version: w.version)
            expected += 1
        }
        guard expected == version else { return nil }
        if actions.allSatisfy(\.decodesAsItself) {
            state.apply(actions, version: version)
            return try? Snapshot(state: state, timestamp: timestamp, base: snapshot)
        }
        guard let own = try? CommitRecord.decode(bytes, version: version, storage: table.storage) else { return nil }
        state.apply(own.actions, version: version)
        return try? Snapshot(state: state, timestamp: own.timestamp, base: snapshot)
    }

    /// Drops from ``RecentDataFiles`` and ``FilePruningCache`` the files this commit took out of the table (compacted,
    /// rewritten by a MERGE or DELETE): the table's operations read and probe its live files only. A path the commit
    /// also adds stays (a new deletion vector on the same file).
    private func forgetRemovedFiles(_ removed: Set<String>) {
        guard !removed.isEmpty else { return }
        var gone = removed
        for case let .add(f) in actions { gone.remove(f.path) }
        guard !gone.isEmpty else { return }
        table.storage.recentFileCache?.forget(gone.compactMap { table.storage.recentFileKey($0) })
        FilePruningCache.shared.forget(location: table.location, paths: gone)
    }

    /// When `version` is a multiple of `delta.checkpointInterval` (default 10), has its checkpoint written in
    /// the background (``CheckpointScheduler``): the commit is already durable, so the caller need not wait.
    /// Returns the error of the table's previous background checkpoint, if that one failed.
    private func maybeCheckpoint(_ committed: Snapshot?, version: Int64) -> DeltaLogError? {
        guard let committed, version > 0, version % committed.checkpointInterval == 0 else { return nil }
        let scheduler = CheckpointScheduler.shared
        let previous = scheduler.failure(table)
        scheduler.schedule(table, committed)
        return previous
    }
}

/// The outcome of a successful commit.
public struct CommitResult: Sendable {
    public let version: Int64
    /// How many put-if-absent attempts it took (1 = no race).
    public let attempts: Int
    /// The commit's timestamp (ms since the epoch).
    public let timestamp: Int64
    /// Set when the commit succeeded but the table's last automatic checkpoint (written in the background
    /// after an earlier commit) failed.
    public let checkpointError: DeltaLogError?
    /// The table at `version`, derived from the snapshot the transaction read, the commits that won meanwhile
    /// and its own actions — equal to loading that version from the log; nil when it could not be derived.
    public let snapshot: Snapshot?

    init(version: Int64, attempts: Int, timestamp: Int64, checkpointError: DeltaLogError?, snapshot: Snapshot? = nil) {
        self.version = version
        self.attempts = attempts
        self.timestamp = timestamp
        self.checkpointError = checkpointError
        self.snapshot = snapshot
    }
}

extension DeltaTable {
    /// A transaction on the latest snapshot.
    public func startTransaction(isolation: IsolationLevel = .writeSerializable) throws(DeltaLogError) -> Transaction {
        try Transaction(table: self, snapshot: latestSnapshot(), isolation: isolation)
    }

    /// A transaction on a snapshot the caller holds.
    public func startTransaction(on snapshot: Snapshot, isolation: IsolationLevel = .writeSerializable) throws(DeltaLogError) -> Transaction {
        try Transaction(table: self, snapshot: snapshot, isolation: isolation)
    }

    /// Writes a checkpoint of `version` (default: the latest) and returns its path under the table root: Delta's
    /// `<v>.checkpoint.parquet` for Parquet tables, `<v>.checkpoint.slc` for tables of SwiftLake columnar files.
    @discardableResult
    public func checkpoint(version: Int64? = nil) throws(DeltaLogError) -> String {
        CheckpointScheduler.shared.waitUntilIdle()
        let s: Snapshot
        if let version { s = try snapshot(version: version) } else { s = try snapshot() }
        return try Checkpoint.write(storage: storage, snapshot: s)
    }

    /// Waits until the automatic checkpoints this process queued in the background are written (a process
    /// about to exit calls this so its last checkpoint is not lost; readers never need to).
    public static func waitForBackgroundCheckpoints() { CheckpointScheduler.shared.waitUntilIdle() }
}
