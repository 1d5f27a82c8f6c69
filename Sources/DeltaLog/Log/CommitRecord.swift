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
        try readWithBytes(storage, version: version).record
    }

    /// The commit and the exact bytes of its file (which identify it: a commit's file never changes).
    static func readWithBytes(_ storage: any Storage, version: Int64) throws(DeltaLogError) -> (record: CommitRecord, bytes: [UInt8]) {
        let path = LogPaths.commit(version)
        let bytes: [UInt8]
        do { bytes = try storage.read(path) } catch {
            if case .notFound = error { throw .logGap(missing: version) }
            throw .storage(error)
        }
        return (try decode(bytes, version: version, storage: storage), bytes)
    }

    /// The commit a commit file's `bytes` hold, parsed as any reader parses it.
    static func decode(_ bytes: [UInt8], version: Int64, storage: any Storage) throws(DeltaLogError) -> CommitRecord {
        let path = LogPaths.commit(version)
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
