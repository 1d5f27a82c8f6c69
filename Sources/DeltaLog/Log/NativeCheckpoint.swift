import Columnar

/// SwiftLake's own checkpoint for tables whose data files are SwiftLake columnar files (`<v>.checkpoint.slc`):
/// a columnar file with one `action` column, each row one action's JSON as in a commit file, and the version,
/// commit time and action count in the file's key-value metadata. The columnar format's checksums catch damage;
/// the count catches a file that is intact but incomplete. No other engine reads these tables, so nothing is
/// lost by not using Parquet, and the native reader is the faster one.
enum NativeCheckpoint {
    static let versionKey = "swiftlake.checkpoint.version"
    static let timestampKey = "swiftlake.checkpoint.timestamp"
    static let countKey = "swiftlake.checkpoint.actions"

    static func encode(_ actions: [Action], version: Int64, timestamp: Int64) throws(DeltaLogError) -> [UInt8] {
        var builder = ColumnBuilder(type: .json, capacity: actions.count)
        do {
            for a in actions { try builder.append(string: a.json.serialized) }
            let schema = try Schema([Field(name: "action", id: 1, type: .json, nullable: false)])
            let batch = try RecordBatch(schema: schema, columns: [builder.finish()], rowCount: actions.count)
            var options = ColumnarWriteOptions()
            options.keyValueMetadata = [versionKey: String(version), timestampKey: String(timestamp), countKey: String(actions.count)]
            var writer = ColumnarWriter(schema: schema, options: options)
            try writer.write(batch)
            return try writer.finish()
        } catch { throw .columnar(error) }
    }

    static func decode(_ bytes: [UInt8], version: Int64, path: String) throws(DeltaLogError) -> (actions: [Action], timestamp: Int64) {
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
        return (actions, ts)
    }
}
