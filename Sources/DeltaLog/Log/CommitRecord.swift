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

    init(version: Int64, actions: [Action], timestamp: Int64) {
        self.version = version
        self.actions = actions
        self.timestamp = timestamp
    }

    static func read(_ storage: any Storage, version: Int64) throws(DeltaLogError) -> CommitRecord {
        let path = LogPaths.commit(version)
        let bytes: [UInt8]
        do { bytes = try storage.read(path) } catch {
            if case .notFound = error { throw .logGap(missing: version) }
            throw .storage(error)
        }
        let actions = try Action.decode(bytes, path: path)
        for case let .commitInfo(c) in actions {
            if let t = c.timestamp { return CommitRecord(version: version, actions: actions, timestamp: t) }
            break
        }
        // Without a commitInfo timestamp the protocol's commit time is the file's modification time.
        let info: StorageEntry?
        do { info = try storage.info(path) } catch { throw .storage(error) }
        return CommitRecord(version: version, actions: actions, timestamp: info?.modificationTime ?? 0)
    }
}
