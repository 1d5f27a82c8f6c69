/// Checkpoints: the whole reconciled state at a version in one file, so opening a table reads that file plus
/// the commits after it instead of the whole log. `_delta_log/_last_checkpoint` names the newest one.
///
/// The checkpoint's payload is the state's actions (protocol, metaData, txns, adds, tombstone removes) framed
/// by a header naming the version and commit time and a trailer with the action count, so a truncated or
/// damaged checkpoint is detected and the reader falls back to an older checkpoint or to JSON replay.
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

    static func encode(state: TableState, timestamp: Int64) -> [UInt8] {
        let actions = actions(of: state)
        var out: [UInt8] = []
        JSONValue.object([("checkpoint", .object([("version", .int(state.version)), ("timestamp", .int(timestamp))]))]).write(into: &out)
        out.append(0x0A)
        out.append(contentsOf: Action.encode(actions))
        JSONValue.object([("checkpointEnd", .object([("actions", .int(Int64(actions.count)))]))]).write(into: &out)
        out.append(0x0A)
        return out
    }

    static func decode(_ bytes: [UInt8], version: Int64) throws(DeltaLogError) -> Loaded {
        let path = LogPaths.checkpoint(version)
        guard let firstEnd = bytes.firstIndex(of: 0x0A) else { throw .corruptCheckpoint(version: version, detail: "no header") }
        guard let header = try? JSONParser.parse(Array(bytes[..<firstEnd]))["checkpoint"],
              header["version"]?.intValue == version, let ts = header["timestamp"]?.intValue
        else { throw .corruptCheckpoint(version: version, detail: "bad header") }
        var end = bytes.count
        guard end > firstEnd + 1, bytes[end - 1] == 0x0A else { throw .corruptCheckpoint(version: version, detail: "truncated") }
        end -= 1
        let trailerStart = (bytes[firstEnd + 1..<end].lastIndex(of: 0x0A) ?? firstEnd) + 1
        guard let trailer = try? JSONParser.parse(Array(bytes[trailerStart..<end]))["checkpointEnd"],
              let count = trailer["actions"]?.intValue
        else { throw .corruptCheckpoint(version: version, detail: "truncated (no trailer)") }
        let actions = try Action.decode(Array(bytes[(firstEnd + 1)..<trailerStart]), path: path)
        guard actions.count == count else {
            throw .corruptCheckpoint(version: version, detail: "holds \(actions.count) actions, trailer says \(count)")
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
        let bytes = encode(state: snapshot.state, timestamp: snapshot.timestamp)
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
