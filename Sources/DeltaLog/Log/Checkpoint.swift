import Columnar

/// Checkpoints: the whole reconciled state at a version in one file, so opening a table reads that file plus
/// the commits after it instead of the whole log. `_delta_log/_last_checkpoint` names the newest one.
///
/// The checkpoint holds the state's actions (protocol, metaData, txns, adds, tombstone removes); a damaged
/// or incomplete checkpoint is detected and the reader falls back to an older checkpoint or to JSON replay.
enum Checkpoint {
    struct Loaded {
        let state: TableState
        let timestamp: Int64
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

    static let versionKey = "swiftlake.checkpoint.version"
    static let timestampKey = "swiftlake.checkpoint.timestamp"
    static let countKey = "swiftlake.checkpoint.actions"

    /// A SwiftLake columnar file with one `action` column (each row one action's JSON, as in a commit file)
    /// and the version, commit time and action count in the file's key-value metadata. The columnar format's
    /// checksums catch damage; the count catches a file that is intact but incomplete.
    static func encode(state: TableState, timestamp: Int64) throws(DeltaLogError) -> [UInt8] {
        let actions = actions(of: state)
        var builder = ColumnBuilder(type: .json, capacity: actions.count)
        do {
            for a in actions { try builder.append(string: a.json.serialized) }
            let schema = try Schema([Field(name: "action", id: 1, type: .json, nullable: false)])
            let batch = try RecordBatch(schema: schema, columns: [builder.finish()], rowCount: actions.count)
            var options = ColumnarWriteOptions()
            options.keyValueMetadata = [versionKey: String(state.version), timestampKey: String(timestamp), countKey: String(actions.count)]
            var writer = ColumnarWriter(schema: schema, options: options)
            try writer.write(batch)
            return try writer.finish()
        } catch { throw .columnar(error) }
    }

    static func decode(_ bytes: [UInt8], version: Int64) throws(DeltaLogError) -> Loaded {
        let path = LogPaths.checkpoint(version)
        let reader: ColumnarReader
        let rows: RecordBatch
        do {
            reader = try ColumnarReader(bytes: bytes)
            rows = try reader.readAll().batch
        } catch { throw .corruptCheckpoint(version: version, detail: error.description) }
        let meta = reader.metadata.keyValueMetadata
        guard meta[versionKey] == String(version), let ts = meta[timestampKey].flatMap({ Int64($0) }),
              let count = meta[countKey].flatMap({ Int($0) }) else {
            throw .corruptCheckpoint(version: version, detail: "missing or wrong version, timestamp or count")
        }
        guard rows.rowCount == count, case let .json(column)? = rows.column(named: "action") else {
            throw .corruptCheckpoint(version: version, detail: "holds \(rows.rowCount) actions, metadata says \(count)")
        }
        var actions: [Action] = []
        actions.reserveCapacity(count)
        for i in 0..<column.count {
            let parsed: Result<Action?, DeltaLogError> = column.withBytes(at: i) { buf in
                do {
                    return .success(try Action.parse(line: try JSONParser.parse(buf)))
                } catch {
                    return .failure(.corruptCheckpoint(version: version, detail: "\(path) action \(i): \(error)"))
                }
            }
            if let a = try parsed.get() { actions.append(a) }
        }
        var state = TableState()
        state.apply(actions, version: version)
        return Loaded(state: state, timestamp: ts)
    }

    static func read(storage: any Storage, version: Int64) throws(DeltaLogError) -> Loaded {
        let bytes: [UInt8]
        do { bytes = try storage.read(LogPaths.checkpoint(version)) } catch { throw .storage(error) }
        return try decode(bytes, version: version)
    }

    static func timestamp(storage: any Storage, version: Int64) throws(DeltaLogError) -> Int64 {
        try read(storage: storage, version: version).timestamp
    }

    /// Writes the checkpoint of `snapshot` and points `_last_checkpoint` at it. Replacing an existing
    /// checkpoint of the same version is harmless: both hold the same state.
    static func write(storage: any Storage, snapshot: Snapshot) throws(DeltaLogError) {
        let bytes = try encode(state: snapshot.state, timestamp: snapshot.timestamp)
        do {
            try storage.write(LogPaths.checkpoint(snapshot.version), bytes)
            let hint = JSONValue.object([
                ("version", .int(snapshot.version)), ("size", .int(Int64(actions(of: snapshot.state).count))),
                ("sizeInBytes", .int(Int64(bytes.count))), ("numOfAddFiles", .int(Int64(snapshot.state.files.count))),
            ])
            try storage.write(LogPaths.lastCheckpoint, Array(hint.serialized.utf8))
        } catch { throw .storage(error) }
    }
}
