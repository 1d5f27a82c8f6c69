import Foundation

/// How VACUUM cleans a table.
public struct VacuumOptions: Sendable {
    /// Keep every file a version of the last `retentionHours` needs; nil uses the table property
    /// `delta.deletedFileRetentionDuration` (e.g. `interval 7 days`), else 7 days.
    public var retentionHours: Double?
    /// Allow a retention shorter than the table's (default 7 days), e.g. in tests or after an incident.
    public var force: Bool
    /// List what would be deleted, delete nothing.
    public var dryRun: Bool
    /// Delete commit and checkpoint files older than this many hours that no retained version needs; nil uses
    /// `delta.logRetentionDuration`, else 30 days.
    public var logRetentionHours: Double?
    /// The present, in ms since the epoch (defaults to the clock).
    public var now: Int64?

    public init(retentionHours: Double? = nil, force: Bool = false, dryRun: Bool = false, logRetentionHours: Double? = nil, now: Int64? = nil) {
        self.retentionHours = retentionHours
        self.force = force
        self.dryRun = dryRun
        self.logRetentionHours = logRetentionHours
        self.now = now
    }

    public static let retentionProperty = "delta.deletedFileRetentionDuration"
    public static let logRetentionProperty = "delta.logRetentionDuration"
    public static let defaultRetentionHours = 168.0
    public static let defaultLogRetentionHours = 720.0

    /// Hours in a Delta interval property (`interval 7 days`, `168 hours`, `interval 30 minutes`); nil if unreadable.
    static func hours(_ text: String?) -> Double? {
        guard let text else { return nil }
        let words = text.lowercased().split(separator: " ").filter { $0 != "interval" }
        guard words.count == 2, let n = Double(words[0]) else { return nil }
        switch words[1].hasSuffix("s") ? String(words[1].dropLast()) : String(words[1]) {
        case "week": return n * 168
        case "day": return n * 24
        case "hour": return n
        case "minute": return n / 60
        case "second": return n / 3600
        default: return nil
        }
    }
}

/// One file VACUUM deleted (or, in a dry run, would delete).
public struct VacuumFile: Sendable, Hashable {
    public let path: String
    public let size: Int
}

public struct VacuumResult: Sendable {
    /// Data and deletion-vector files.
    public let files: [VacuumFile]
    /// Commit and checkpoint files past the log retention.
    public let logFiles: [VacuumFile]
    public let dryRun: Bool
    public var bytes: Int { (files + logFiles).reduce(0) { $0 + $1.size } }
}

extension DeltaTable {
    /// VACUUM: deletes data files and deletion-vector files that no version inside the retention window
    /// references (a version is inside when it was current at some instant of the window), and commit and
    /// checkpoint files older than the log retention that no retained version needs. Files written inside the
    /// window are kept even when unreferenced (a writer may be about to commit them), and files VACUUM does not
    /// recognise as the table's data or deletion vectors are never touched.
    @discardableResult
    public func vacuum(_ options: VacuumOptions = VacuumOptions()) throws(DeltaLogError) -> VacuumResult {
        // Checkpoints this process still writes in the background decide which old log files can go.
        CheckpointScheduler.shared.waitUntilIdle()
        let latest = try snapshot()
        let configured = VacuumOptions.hours(latest.configuration[VacuumOptions.retentionProperty]) ?? VacuumOptions.defaultRetentionHours
        let hours = options.retentionHours ?? configured
        guard hours >= 0, options.force || hours >= configured else {
            throw .retentionTooShort(requestedHours: hours, minimumHours: configured)
        }
        let now = options.now ?? Transaction.nowMillis()
        let cutoff = now - Int64(hours * 3_600_000)

        // Everything the version current at the cutoff and every later version reference.
        let listing = try LogListing(storage: storage)
        let oldestVersion: Int64
        do { oldestVersion = try version(at: cutoff, listing) } catch .timestampBeforeOldest {
            guard let available = listing.oldestAvailable() else { throw .notATable(root: location) }
            oldestVersion = available
        }
        // With a short window the version at the cutoff is often the latest: no second load.
        let oldest = oldestVersion == latest.version ? latest : try load(version: oldestVersion, listing: listing)
        let store = DeletionVectorStore(storage: storage, location: location)
        var keep = Set<String>()
        func retain(_ f: AddFile) throws(DeltaLogError) {
            keep.insert(f.path)
            if let d = f.deletionVector, let p = try store.path(of: d) { keep.insert(p) }
        }
        for f in oldest.files { try retain(f) }
        for c in try commits(after: oldest.version) {
            for case let .add(f) in c.actions { try retain(f) }
        }

        let format = try DataFormats.format(for: latest.protocolAction, metadata: latest.metadata)
        let entries: [StorageEntry]
        do { entries = try storage.list(prefix: "") } catch { throw .storage(error) }
        var doomed: [VacuumFile] = []
        for e in entries {
            let parts = e.path.split(separator: "/")
            // The log, and hidden or underscore directories (`_delta_log`, `_change_data`, ...), are not data.
            if parts.contains(where: { $0.hasPrefix("_") || $0.hasPrefix(".") }) { continue }
            let name = parts.last.map(String.init) ?? e.path
            let recognised = name.hasSuffix("." + format.fileExtension) || name.hasSuffix(".parquet")
                || DeletionVectorStore.isDeletionVectorFile(e.path)
            guard recognised, !keep.contains(e.path), e.modificationTime < cutoff else { continue }
            doomed.append(VacuumFile(path: e.path, size: e.size))
        }
        let logFiles = try expiredLogFiles(latest: latest, listing: listing, now: now, options: options)
        if !options.dryRun {
            for f in doomed + logFiles {
                do { try storage.delete(f.path) } catch { throw .storage(error) }
            }
        }
        return VacuumResult(files: doomed, logFiles: logFiles, dryRun: options.dryRun)
    }

    /// Commits and checkpoints older than the newest checkpoint that is itself past the log retention: every
    /// version from that checkpoint on stays loadable. A checkpoint carries the time of its version's commit and
    /// commit times increase, so that checkpoint is the newest one at or below the version current at the cutoff,
    /// found with a few commit reads rather than by decoding checkpoints.
    private func expiredLogFiles(latest: Snapshot, listing: LogListing, now: Int64,
                                 options: VacuumOptions) throws(DeltaLogError) -> [VacuumFile] {
        let hours = options.logRetentionHours ?? VacuumOptions.hours(latest.configuration[VacuumOptions.logRetentionProperty])
            ?? VacuumOptions.defaultLogRetentionHours
        let cutoff = now - Int64(hours * 3_600_000)
        let atCutoff: Int64
        do { atCutoff = try version(at: cutoff, listing) } catch .timestampBeforeOldest { return [] }
        let entries: [StorageEntry]
        do { entries = try storage.list(prefix: LogPaths.directory) } catch { throw .storage(error) }
        // The floor must be a checkpoint that loads: an unreadable one is passed over for the next older.
        let candidates = Set(entries.compactMap { LogPaths.checkpointVersion($0.path) }.filter { $0 <= min(atCutoff, latest.version) })
        guard let floor = candidates.sorted(by: >).first(where: { (try? Checkpoint.timestamp(storage: storage, version: $0)) != nil })
        else { return [] }
        var out: [VacuumFile] = []
        for e in entries where e.modificationTime <= cutoff {
            if let v = LogPaths.commitVersion(e.path), v < floor { out.append(VacuumFile(path: e.path, size: e.size)) }
            if let v = LogPaths.checkpointVersion(e.path), v < floor { out.append(VacuumFile(path: e.path, size: e.size)) }
        }
        return out
    }
}
