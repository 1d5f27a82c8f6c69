import Foundation

/// A table: a storage location with a `_delta_log`. Opens snapshots (latest, at a version, at a time),
/// refreshes them incrementally, and starts transactions. A value type; cheap to copy and share.
public struct DeltaTable: Sendable {
    public let storage: any Storage
    /// A label for errors and commitInfo (the root directory or URI).
    public let location: String

    public init(storage: any Storage, location: String) {
        self.storage = storage
        self.location = location
    }

    /// The table at a local directory.
    public init(path: String) {
        self.init(storage: LocalStorage(root: path), location: path)
    }

    /// Whether the location holds at least one commit.
    public func exists() throws(DeltaLogError) -> Bool {
        try LogListing(storage: storage).newest != nil
    }

    /// The newest version, or nil when the table does not exist.
    public func latestVersion() throws(DeltaLogError) -> Int64? { try LogListing(storage: storage).newest }

    /// The latest snapshot.
    public func snapshot() throws(DeltaLogError) -> Snapshot { try load(version: nil) }

    /// The snapshot at `version`; a version outside the available range throws
    /// ``DeltaLogError/versionNotAvailable(requested:oldest:newest:)``.
    public func snapshot(version: Int64) throws(DeltaLogError) -> Snapshot { try load(version: version) }

    /// The snapshot current at `timestamp` (ms since the epoch): the newest version committed at or before it.
    /// A time after the newest commit gives the newest version.
    public func snapshot(timestamp: Int64) throws(DeltaLogError) -> Snapshot {
        let listing = try LogListing(storage: storage)
        return try load(version: version(at: timestamp, listing), listing: listing)
    }

    /// The newest version committed at or before `timestamp`; throws ``DeltaLogError/timestampBeforeOldest``
    /// when the oldest available version is younger. Reads O(log n) commit timestamps.
    func version(at timestamp: Int64, _ listing: LogListing) throws(DeltaLogError) -> Int64 {
        guard let newest = listing.newest, let oldest = listing.oldestAvailable() else { throw .notATable(root: location) }
        let oldestTime = try commitTimestamp(oldest, listing)
        guard timestamp >= oldestTime else {
            throw .timestampBeforeOldest(requested: timestamp, oldest: oldest, oldestTimestamp: oldestTime, newest: newest)
        }
        // Binary search for the last version whose commit time is ≤ timestamp (commit times increase).
        var lo = oldest, hi = newest
        while lo < hi {
            let mid = lo + (hi - lo + 1) / 2
            if try commitTimestamp(mid, listing) <= timestamp { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The latest snapshot, reading only the commits after `snapshot` (falls back to a full load when the
    /// log was cleaned up past it).
    public func refresh(_ snapshot: Snapshot) throws(DeltaLogError) -> Snapshot {
        if let advanced = try advance(snapshot) { return advanced.snapshot }
        return try load(version: nil)
    }

    /// `snapshot` moved to the newest version by applying the commits after it, with the bytes of the newest
    /// commit read (nil when none was newer); nil when those commits are not all there (log cleaned up).
    private func advance(_ snapshot: Snapshot) throws(DeltaLogError) -> (snapshot: Snapshot, commitBytes: [UInt8]?)? {
        let listing = try LogListing(storage: storage, after: snapshot.version)
        guard let newest = listing.commits.max(), newest > snapshot.version else { return (snapshot, nil) }
        var state = snapshot.state
        var timestamp = snapshot.timestamp
        var bytes: [UInt8] = []
        var v = snapshot.version + 1
        while v <= newest {
            guard listing.commits.contains(v) else { return nil }
            let read = try CommitRecord.readWithBytes(storage, version: v)
            state.apply(read.record.actions, version: v)
            timestamp = read.record.timestamp
            bytes = read.bytes
            v += 1
        }
        return (try Snapshot(state: state, timestamp: timestamp, base: snapshot), bytes)
    }

    /// The latest snapshot, as ``snapshot()`` gives it, but cheap to call again and again: it starts from the
    /// newest snapshot this process already holds of the table (the last one loaded this way, or derived by a
    /// commit made here), checks it against the log and reads only the commits after it; a full load when there
    /// is none or it no longer matches the log. MERGE, UPDATE, DELETE and ``startTransaction(isolation:)`` use
    /// it; a service that reads the table before every batch should too. A full load that finds an automatic
    /// checkpoint overdue (its writer exited before writing it) queues it.
    public func latestSnapshot() throws(DeltaLogError) -> Snapshot {
        let key = SnapshotCache.key(self)
        let cache = SnapshotCache.shared
        if let entry = cache.get(key) {
            // The commit file of the held version must still be the one the snapshot was built from.
            if let current = try? storage.read(LogPaths.commit(entry.snapshot.version)), Self.sameBytes(current, entry.commitBytes),
               let advanced = try advance(entry.snapshot) {
                if let bytes = advanced.commitBytes { cache.put(key, .init(snapshot: advanced.snapshot, commitBytes: bytes)) }
                return advanced.snapshot
            }
            cache.remove(key)
        }
        let listing = try LogListing(storage: storage)
        let loaded = try load(version: nil, listing: listing)
        if let bytes = try? storage.read(LogPaths.commit(loaded.version)) {
            cache.put(key, .init(snapshot: loaded, commitBytes: bytes))
        }
        let due = loaded.version - loaded.version % loaded.checkpointInterval
        if due > 0, (listing.checkpoints.last ?? -1) < due { CheckpointScheduler.shared.schedule(self, loaded) }
        return loaded
    }

    /// Byte equality by `memcmp`: a commit of many files is tens of kilobytes, compared before every cached read.
    static func sameBytes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { x in b.withUnsafeBytes { y in
            guard let p = x.baseAddress, let q = y.baseAddress else { return true }
            return memcmp(p, q, x.count) == 0
        } }
    }

    /// Commits after `version` up to the newest, in order (what a conflict check or a change feed reads).
    public func commits(after version: Int64) throws(DeltaLogError) -> [CommitRecord] {
        let listing = try LogListing(storage: storage, after: version)
        var out: [CommitRecord] = []
        for v in listing.commits.sorted() {
            out.append(try CommitRecord.read(storage, version: v))
        }
        return out
    }

    /// The commit history, newest first, at most `limit` entries.
    public func history(limit: Int = Int.max) throws(DeltaLogError) -> [CommitRecord] {
        let listing = try LogListing(storage: storage)
        var out: [CommitRecord] = []
        for v in listing.commits.sorted(by: >).prefix(max(0, limit)) {
            out.append(try CommitRecord.read(storage, version: v))
        }
        return out
    }

    func commitTimestamp(_ version: Int64, _ listing: LogListing) throws(DeltaLogError) -> Int64 {
        if listing.commits.contains(version) { return try CommitRecord.read(storage, version: version).timestamp }
        return try Checkpoint.timestamp(storage: storage, version: version)
    }

    func load(version: Int64?, listing given: LogListing? = nil) throws(DeltaLogError) -> Snapshot {
        let listing: LogListing
        if let given { listing = given } else { listing = try LogListing(storage: storage) }
        guard let newest = listing.newest, let oldest = listing.oldestAvailable() else {
            if listing.newest == nil { throw .notATable(root: location) }
            throw .logGap(missing: 0)
        }
        let target = version ?? newest
        guard target >= oldest, target <= newest else {
            throw .versionNotAvailable(requested: target, oldest: oldest, newest: newest)
        }
        // The checkpoint `_last_checkpoint` names first, then the newest complete one at or below the target,
        // falling back to older ones and then to replay from version 0.
        var state = TableState()
        var start: Int64 = 0
        var fileTime: Int64 = 0
        let hint = version == nil || (listing.checkpoints.last ?? -1) <= target ? LastCheckpoint.read(storage) : nil
        for c in listing.checkpointsToTry(target: target, oldest: oldest, hint: hint) {
            guard let loaded = try? Checkpoint.read(storage: storage, c) else { continue }
            state = loaded.state
            start = c.version + 1
            if c.version == target {
                if let t = loaded.timestamp { fileTime = t } else { fileTime = try commitTimestamp(c.version, listing) }
            }
            break
        }
        if start == 0 && !listing.commits.contains(0) { throw .versionNotAvailable(requested: target, oldest: oldest, newest: newest) }
        var v = start
        while v <= target {
            guard listing.commits.contains(v) else { throw .logGap(missing: v) }
            let record = try CommitRecord.read(storage, version: v)
            state.apply(record.actions, version: v)
            fileTime = record.timestamp
            v += 1
        }
        return try Snapshot(state: state, timestamp: fileTime)
    }
}
