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
        return try load(version: lo, listing: listing)
    }

    /// The latest snapshot, reading only the commits after `snapshot` (falls back to a full load when the
    /// log was cleaned up past it).
    public func refresh(_ snapshot: Snapshot) throws(DeltaLogError) -> Snapshot {
        let listing = try LogListing(storage: storage, after: snapshot.version)
        guard let newest = listing.commits.max(), newest > snapshot.version else { return snapshot }
        var state = snapshot.state
        var timestamp = snapshot.timestamp
        var v = snapshot.version + 1
        while v <= newest {
            guard listing.commits.contains(v) else { return try load(version: nil) }
            let record = try CommitRecord.read(storage, version: v)
            state.apply(record.actions, version: v)
            timestamp = record.timestamp
            v += 1
        }
        return try Snapshot(state: state, timestamp: timestamp)
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
