import Columnar

/// Checkpoints: the whole reconciled state at a version, so opening a table reads the checkpoint plus the
/// commits after it instead of the whole log. `_delta_log/_last_checkpoint` names the newest one.
///
/// Written as Delta specifies for Parquet tables (``ParquetCheckpoint``, a classic `<v>.checkpoint.parquet`),
/// and as SwiftLake's columnar file for columnar-file tables (``NativeCheckpoint``). Read: SwiftLake's own,
/// classic, multi-part and V2 (UUID-named, Parquet or JSON, with `_sidecars/`) checkpoints. A damaged or
/// incomplete checkpoint is an error here; the snapshot loader then falls back to an older one or to JSON replay.
enum Checkpoint {
    struct Loaded {
        let state: TableState
        /// The commit time of the version, when the checkpoint records it (SwiftLake's do).
        let timestamp: Int64?
    }

    static func actions(of state: TableState) -> [Action] {
        var out: [Action] = []
        if let p = state.protocolAction { out.append(.protocol(p)) }
        if let m = state.metadata { out.append(.metaData(m)) }
        for k in state.transactions.keys.sorted() { if let t = state.transactions[k] { out.append(.txn(t)) } }
        for f in state.files.values.sorted(by: { $0.path < $1.path }) { out.append(.add(f)) }
        for r in state.tombstones.values.sorted(by: { $0.path < $1.path }) { out.append(.remove(r)) }
        return out
    }

    /// Whether a table in this state keeps SwiftLake's native checkpoints (its data files are columnar files).
    static func isNative(_ state: TableState) -> Bool {
        state.protocolAction?.usesColumnarFiles == true || state.metadata?.formatProvider == "swiftlake"
    }

    // MARK: reading

    /// The complete checkpoints of `version`, best first.
    static func candidates(storage: any Storage, version: Int64) throws(DeltaLogError) -> [CheckpointCandidate] {
        let paths: [String]
        do { paths = try storage.listPaths(prefix: LogPaths.directory + LogPaths.padded(version) + ".checkpoint.") } catch {
            throw .storage(error)
        }
        return CheckpointCandidate.complete(paths.compactMap(CheckpointFile.init(path:)))
    }

    /// The state a checkpoint of `version` holds: the first of its complete checkpoints that reads; the error
    /// of the best one when none does.
    static func read(storage: any Storage, version: Int64) throws(DeltaLogError) -> Loaded {
        let all = try candidates(storage: storage, version: version)
        var firstError: DeltaLogError?
        for c in all {
            do { return try read(storage: storage, c) } catch { firstError = firstError ?? error }
        }
        throw firstError ?? .corruptCheckpoint(version: version, detail: "no complete checkpoint")
    }

    static func read(storage: any Storage, _ candidate: CheckpointCandidate) throws(DeltaLogError) -> Loaded {
        let version = candidate.version
        var actions: [Action] = []
        var sidecars: [String] = []
        var timestamp: Int64?
        for f in candidate.files {
            let bytes = try read(storage, f.path)
            switch f.kind {
            case .native:
                let d = try NativeCheckpoint.decode(bytes, version: version, path: f.path)
                actions += d.actions
                timestamp = d.timestamp
            case .classic, .part, .uuid(json: false):
                let c = try ParquetCheckpoint.decode(bytes, version: version, path: f.path)
                actions += c.actions
                sidecars += c.sidecars
                timestamp = timestamp ?? c.timestamp
            case .uuid(json: true):
                let c = try jsonCheckpoint(bytes, version: version, path: f.path)
                actions += c.actions
                sidecars += c.sidecars
            }
        }
        for s in sidecars {
            let path = try sidecarPath(s, version: version)
            actions += try ParquetCheckpoint.decode(try read(storage, path), version: version, path: path).actions
        }
        var state = TableState()
        state.apply(actions, version: version)
        guard state.protocolAction != nil, state.metadata != nil else {
            throw .corruptCheckpoint(version: version, detail: "no protocol or metaData action")
        }
        return Loaded(state: state, timestamp: timestamp)
    }

    private static func read(_ storage: any Storage, _ path: String) throws(DeltaLogError) -> [UInt8] {
        do { return try storage.read(path) } catch { throw .storage(error) }
    }

    /// A UUID-named V2 checkpoint in JSON: one action per line, among them `checkpointMetadata` and `sidecar`.
    private static func jsonCheckpoint(_ bytes: [UInt8], version: Int64, path: String) throws(DeltaLogError)
        -> ParquetCheckpoint.Contents {
        var out = ParquetCheckpoint.Contents()
        var lineNumber = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: true) {
            lineNumber += 1
            do {
                let json = try JSONParser.parse(Array(line))
                if let sidecar = json["sidecar"] {
                    guard let p = sidecar["path"]?.stringValue else { throw ActionFieldError(detail: "sidecar without a path") }
                    out.sidecars.append(p)
                } else if let a = try Action.parse(line: json) {
                    out.actions.append(a)
                }
            } catch {
                throw .corruptCheckpoint(version: version, detail: "\(path) line \(lineNumber): \(error)")
            }
        }
        return out
    }

    /// Sidecars live in `_delta_log/_sidecars/`; the action names the file, URI-encoded, possibly as a full path.
    private static func sidecarPath(_ raw: String, version: Int64) throws(DeltaLogError) -> String {
        let decoded: String
        do { decoded = try PathCoding.decode(raw) } catch {
            throw .corruptCheckpoint(version: version, detail: "sidecar path \(raw): \(error.detail)")
        }
        let name = decoded.split(separator: "/").last.map(String.init) ?? ""
        guard !name.isEmpty, name != "..", name != "." else {
            throw .corruptCheckpoint(version: version, detail: "sidecar path \(raw) names no file")
        }
        return LogPaths.directory + "_sidecars/" + name
    }

    /// When `version` was committed, from its checkpoint: SwiftLake records it in the file; for others' files the
    /// checkpoint's modification time stands in.
    static func timestamp(storage: any Storage, version: Int64) throws(DeltaLogError) -> Int64 {
        for c in try candidates(storage: storage, version: version) {
            guard let first = c.files.first else { continue }
            switch first.kind {
            case .native:
                if let bytes = try? read(storage, first.path),
                   let d = try? NativeCheckpoint.decode(bytes, version: version, path: first.path) { return d.timestamp }
            default:
                if let source = try? StorageSource(storage: storage, path: first.path),
                   let reader = try? ParquetFileReader(source: source, label: first.path),
                   let t = reader.metadata.keyValueMetadata.first(where: { $0.key == ParquetCheckpoint.timestampKey })?
                       .value.flatMap({ Int64($0) }) {
                    return t
                }
                if let info = try? storage.info(first.path) { return info.modificationTime }
            }
        }
        throw .corruptCheckpoint(version: version, detail: "no readable checkpoint")
    }

    // MARK: writing

    /// Writes the checkpoint of `snapshot` and, unless a newer checkpoint is already recorded, points
    /// `_last_checkpoint` at it. Replacing an existing checkpoint of the same version is harmless: both hold
    /// the same state.
    @discardableResult
    static func write(storage: any Storage, snapshot: Snapshot) throws(DeltaLogError) -> String {
        let state = snapshot.state
        let actions = actions(of: state)
        let bytes: [UInt8]
        let path: String
        if isNative(state) {
            bytes = try NativeCheckpoint.encode(actions, version: state.version, timestamp: snapshot.timestamp)
            path = LogPaths.checkpoint(state.version)
        } else {
            bytes = try ParquetCheckpoint.encode(actions, timestamp: snapshot.timestamp)
            path = LogPaths.parquetCheckpoint(state.version)
        }
        do { try storage.write(path, bytes) } catch { throw .storage(error) }
        if let existing = LastCheckpoint.read(storage), existing.version > state.version { return path }
        try LastCheckpoint(version: state.version, size: Int64(actions.count), sizeInBytes: Int64(bytes.count),
                           numOfAddFiles: Int64(state.files.count)).write(storage)
        return path
    }
}
