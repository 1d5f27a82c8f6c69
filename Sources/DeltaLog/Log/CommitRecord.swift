/// One commit as read from the log: its version, the actions, and when it was committed.
public struct CommitRecord: Sendable {
    public let version: Int64
    public let actions: [Action]
    /// Milliseconds since the epoch: the commitInfo timestamp when present, else the file's modification time.
    public let timestamp: Int64

    public var commitInfo: CommitInfo? {
        for case let .commitInfo(c) in actions { return c }
        return nil
    }

    init(version: Int64, actions: [Action], fileTime: Int64) {
        self.version = version
        self.actions = actions
        var ts = fileTime
        for case let .commitInfo(c) in actions { if let t = c.timestamp { ts = t }; break }
        timestamp = ts
    }

    static func read(_ storage: any Storage, version: Int64, entry: StorageEntry?) throws(DeltaLogError) -> CommitRecord {
        let path = LogPaths.commit(version)
        let bytes: [UInt8]
        do { bytes = try storage.read(path) } catch {
            if case .notFound = error { throw .logGap(missing: version) }
            throw .storage(error)
        }
        let time = entry?.modificationTime ?? 0
        return CommitRecord(version: version, actions: try Action.decode(bytes, path: path), fileTime: time)
    }
}
