import Testing
import TestSupport
import Foundation
import Columnar
@testable import DeltaLog

/// Delta checkpoints of Parquet tables, `_last_checkpoint`, and reading the checkpoint kinds other writers
/// produce (multi-part, V2 with sidecars), with the fallbacks when a checkpoint is damaged.
@Suite struct CheckpointTests {
    static let schema = try! Schema(columns: [("id", .int64, false), ("name", .string, true), ("month", .string, true)])

    static func batch(_ rows: [(Int64, String?, String?)]) throws -> RecordBatch {
        var b = RecordBatchBuilder(schema: schema)
        for r in rows { try b.append(row: [.int64(r.0), r.1.map(Value.string) ?? .null, r.2.map(Value.string) ?? .null]) }
        return try b.finish()
    }

    static func keys(_ ids: [Int64]) throws -> RecordBatch {
        var b = RecordBatchBuilder(schema: try Schema(columns: [("id", .int64, false)]))
        for id in ids { try b.append(row: [.int64(id)]) }
        return try b.finish()
    }

    /// A Parquet table with partition values that need escaping, a null partition, txns, deletion vectors
    /// (inline and in files), an overwrite and a checkpoint every 4 commits.
    static func history(_ table: DeltaTable) throws {
        try table.create(TableDefinition(schema: schema, partitionColumns: ["month"], properties: ["delta.checkpointInterval": "4"],
                                         columnarFiles: false, columnMapping: false))
        let months: [String?] = ["2024-01", "a b/c=d%é", nil, "x:y#z"]
        for i in 0..<10 {
            let rows = (0..<20).map { k in (Int64(i * 100 + k), k % 3 == 0 ? nil : "n\(k)", months[(i + k) % months.count]) }
            try table.append([try batch(rows)], options: WriteOptions(transaction: (appId: "ingest-\(i % 2)", version: Int64(i))))
            if i % 3 == 2 { try table.delete(keys: try keys([Int64(i * 100 + 1), Int64(i * 100 + 7)]), keyColumns: ["id"]) }
        }
        try table.overwrite([try batch([(9_999, "z", "2024-01")])], partitions: .eq("month", .string("2024-01")))
        // Automatic checkpoints are written in the background; these tests inspect them.
        DeltaTable.waitForBackgroundCheckpoints()
    }

    /// A table from `history` with its newest version and the state plain replay gives there.
    struct Fixture: ~Copyable {
        let dir: TemporaryDirectory
        let table: DeltaTable
        let storage: LocalStorage
        let latest: Int64
        let expected: TableState

        init() throws {
            let d = try TemporaryDirectory()
            let t = DeltaTable(path: d.path)
            try CheckpointTests.history(t)
            let s = LocalStorage(root: d.path)
            let v = try #require(try t.latestVersion())
            let e = try CheckpointTests.replay(s, upTo: v)
            (table, storage, latest, expected) = (t, s, v, e)
            dir = d
        }
    }

    static func replay(_ storage: any Storage, upTo version: Int64) throws -> TableState {
        var state = TableState()
        for v in 0...version { state.apply(try CommitRecord.read(storage, version: v).actions, version: v) }
        return state
    }

    static func expectEqual(_ a: TableState, _ b: TableState, _ note: String) {
        #expect(a.version == b.version, "\(note)")
        #expect(a.protocolAction == b.protocolAction, "\(note)")
        #expect(a.metadata == b.metadata, "\(note)")
        #expect(a.files == b.files, "\(note)")
        #expect(a.tombstones == b.tombstones, "\(note)")
        #expect(a.transactions == b.transactions, "\(note)")
    }

    static func rows(_ t: DeltaTable, _ version: Int64? = nil) throws -> [String] {
        try t.scan(version: version).rows().map { "\($0["id"] ?? .null)|\($0["name"] ?? .null)|\($0["month"] ?? .null)" }.sorted()
    }

    @Test func parquetTablesWriteDeltaCheckpointsThatEqualReplay() throws {
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        try Self.history(table)
        let storage = LocalStorage(root: dir.path)
        let latest = try #require(try table.latestVersion())
        let written = try storage.listPaths(prefix: "_delta_log/").filter { $0.contains(".checkpoint") }
        let versions = stride(from: Int64(4), through: latest, by: 4).map { $0 }
        #expect(written == versions.map { LogPaths.parquetCheckpoint($0) })
        for v in versions {
            let loaded = try Checkpoint.read(storage: storage, version: v)
            Self.expectEqual(loaded.state, try Self.replay(storage, upTo: v), "checkpoint \(v)")
            #expect(loaded.timestamp == (try CommitRecord.read(storage, version: v).timestamp))
        }
        // The checkpoint is a Parquet file with Delta's action columns.
        let last = try #require(versions.last)
        let bytes = try storage.read(LogPaths.parquetCheckpoint(last))
        let reader = try ParquetFileReader(source: InMemorySource(bytes))
        #expect(reader.schema.fields.map(\.name) == ["add", "remove", "metaData", "protocol", "txn", "domainMetadata", "sidecar"])
        // _last_checkpoint describes it.
        let hint = try JSONParser.parse(try storage.read(LogPaths.lastCheckpoint))
        let state = try Self.replay(storage, upTo: last)
        #expect(hint["version"] == .int(last))
        #expect(hint["size"] == .int(Int64(Checkpoint.actions(of: state).count)))
        #expect(hint["sizeInBytes"] == .int(Int64(bytes.count)))
        #expect(hint["numOfAddFiles"] == .int(Int64(state.files.count)))
        #expect(hint["parts"] == nil)
        // Deletion vectors and escaped partition values survived the trip.
        #expect(state.files.values.contains { $0.deletionVector != nil })
        #expect(state.files.values.contains { $0.partitionValues["month"] == .some(nil) })
        #expect(state.files.values.contains { $0.partitionValues["month"] == "a b/c=d%é" })
        // Every version reads the same with checkpoints as by replay alone.
        let plainDir = try TemporaryDirectory()
        for v in 0...latest { try LocalStorage(root: plainDir.path).write(LogPaths.commit(v), try storage.read(LogPaths.commit(v))) }
        let plain = DeltaTable(path: plainDir.path)
        for v in 0...latest {
            Self.expectEqual(try table.snapshot(version: v).state, try plain.snapshot(version: v).state, "version \(v)")
        }
    }

    @Test func damagedCheckpointsAndHintsFallBack() throws {
        let f = try Fixture()
        let (table, storage, latest, expected) = (f.table, f.storage, f.latest, f.expected)
        let newest = latest - latest % 4
        // A truncated newest checkpoint: the previous checkpoint plus commits.
        let cp = try storage.read(LogPaths.parquetCheckpoint(newest))
        try storage.write(LogPaths.parquetCheckpoint(newest), Array(cp.prefix(cp.count / 2)))
        #expect(throws: DeltaLogError.self) { try Checkpoint.read(storage: storage, version: newest) }
        Self.expectEqual(try table.snapshot().state, expected, "truncated checkpoint")
        // A checkpoint whose bytes are fine but whose actions are not.
        try storage.write(LogPaths.parquetCheckpoint(newest), try ParquetCheckpoint.encode([], timestamp: 0))
        Self.expectEqual(try table.snapshot().state, expected, "empty checkpoint")
        // _last_checkpoint garbage, or naming a checkpoint that is not there.
        for hint in ["{not json", #"{"version":999,"size":3}"#, #"{"version":4,"size":3,"parts":7}"#, ""] {
            try storage.write(LogPaths.lastCheckpoint, Array(hint.utf8))
            Self.expectEqual(try table.snapshot().state, expected, "hint \(hint)")
        }
        try storage.delete(LogPaths.lastCheckpoint)
        Self.expectEqual(try table.snapshot().state, expected, "no hint")
        // With every checkpoint damaged, JSON replay from version 0.
        for v in stride(from: Int64(4), through: latest, by: 4) { try storage.write(LogPaths.parquetCheckpoint(v), [1, 2, 3]) }
        Self.expectEqual(try table.snapshot().state, expected, "all damaged")
        // A new checkpoint repairs the hint and is used.
        try table.checkpoint()
        #expect(LastCheckpoint.read(storage)?.version == latest)
        Self.expectEqual(try table.snapshot().state, expected, "after repair")
    }

    @Test func readsMultiPartAndV2CheckpointsWithSidecars() throws {
        let f = try Fixture()
        let (table, storage, latest, expected) = (f.table, f.storage, f.latest, f.expected)
        let actions = Checkpoint.actions(of: expected)
        let timestamp = try CommitRecord.read(storage, version: latest).timestamp
        for v in stride(from: Int64(4), through: latest, by: 4) { try storage.delete(LogPaths.parquetCheckpoint(v)) }
        try storage.delete(LogPaths.lastCheckpoint)
        // Only the commits after `latest` and the checkpoint at `latest` remain: the checkpoint must be read.
        for v in 0..<latest { try storage.delete(LogPaths.commit(v)) }
        let padded = LogPaths.padded(latest)

        // Multi-part: three parts; an incomplete set is ignored.
        let split = [Array(actions[0..<3]), Array(actions[3..<actions.count / 2]), Array(actions[(actions.count / 2)...])]
        func part(_ i: Int, of n: Int) -> String {
            func ten(_ x: Int) -> String { String(repeating: "0", count: 10 - String(x).count) + String(x) }
            return "_delta_log/\(padded).checkpoint.\(ten(i)).\(ten(n)).parquet"
        }
        for (i, p) in split.enumerated() { try storage.write(part(i + 1, of: 3), try ParquetCheckpoint.encode(p, timestamp: timestamp)) }
        try storage.write(part(1, of: 2), try ParquetCheckpoint.encode(actions, timestamp: timestamp))
        try LastCheckpoint(version: latest, size: Int64(actions.count), parts: 3).write(storage)
        let listing = try LogListing(storage: storage)
        #expect(listing.checkpointCandidates[latest]?.map(\.files.count) == [3])
        Self.expectEqual(try table.snapshot().state, expected, "multi-part")
        try storage.delete(part(2, of: 3))
        #expect(throws: DeltaLogError.self) { try table.snapshot() }
        try storage.delete(part(1, of: 3))
        try storage.delete(part(3, of: 3))
        try storage.delete(part(1, of: 2))

        // V2, UUID-named, in JSON: protocol, metaData and txns inline, files in two sidecars.
        let files = actions.filter { if case .add = $0 { return true }; if case .remove = $0 { return true }; return false }
        let rest = actions.filter { if case .add = $0 { return false }; if case .remove = $0 { return false }; return true }
        let sidecars = ["s1 é.parquet", "s2.parquet"]
        try storage.write("_delta_log/_sidecars/\(sidecars[0])", try ParquetCheckpoint.encode(Array(files.prefix(5)), timestamp: 0))
        try storage.write("_delta_log/_sidecars/\(sidecars[1])", try ParquetCheckpoint.encode(Array(files.dropFirst(5)), timestamp: 0))
        var lines = #"{"checkpointMetadata":{"version":\#(latest),"tags":{}}}"# + "\n"
        lines += String(decoding: Action.encode(rest), as: UTF8.self)
        for s in sidecars {
            lines += #"{"sidecar":{"path":"\#(PathCoding.encode(s))","sizeInBytes":1,"modificationTime":1,"tags":{}}}"# + "\n"
        }
        let v2 = "_delta_log/\(padded).checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json"
        try storage.write(v2, Array(lines.utf8))
        Self.expectEqual(try table.snapshot().state, expected, "v2 json")
        // A missing sidecar makes that checkpoint unusable.
        let kept = try storage.read("_delta_log/_sidecars/s2.parquet")
        try storage.delete("_delta_log/_sidecars/s2.parquet")
        #expect(throws: DeltaLogError.self) { try Checkpoint.read(storage: storage, version: latest) }
        try storage.write("_delta_log/_sidecars/s2.parquet", kept)
        try storage.delete(v2)

        // V2, UUID-named, in Parquet: the same, with `sidecar` rows in the checkpoint itself.
        var writer = try ParquetNestedWriter(fields: ParquetCheckpoint.fields)
        for a in rest { try writer.append(row: ParquetCheckpoint.row(a)) }
        for s in sidecars {
            var row = [ParquetNestedValue](repeating: .null, count: ParquetCheckpoint.fields.count)
            row[6] = .group([.string(PathCoding.encode(s)), .int64(1), .int64(1), .null])
            try writer.append(row: row)
        }
        try storage.write("_delta_log/\(padded).checkpoint.016ae953-37a9-438e-8683-9a9a4a79a395.parquet", try writer.finish())
        Self.expectEqual(try table.snapshot().state, expected, "v2 parquet")
    }

    @Test func nativeTablesKeepNativeCheckpointsAndWriteTheHint() throws {
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        _ = try LogFixtures.history(table, commits: 12, properties: ["delta.checkpointInterval": "5"])
        let storage = LocalStorage(root: dir.path)
        #expect(try storage.listPaths(prefix: "_delta_log/").filter { $0.contains(".checkpoint") } == [5, 10].map { LogPaths.checkpoint($0) })
        #expect(LastCheckpoint.read(storage) == LastCheckpoint(version: 10, size: 12, sizeInBytes: Int64(try storage.read(LogPaths.checkpoint(10)).count),
                                                               numOfAddFiles: 9))
        // An older checkpoint written later does not move the hint back.
        try table.checkpoint(version: 7)
        #expect(LastCheckpoint.read(storage)?.version == 10)
        Self.expectEqual(try table.snapshot().state, try Self.replay(storage, upTo: 12), "native")
    }

    @Test func checkpointFileNames() {
        let p = "_delta_log/00000000000000000010.checkpoint"
        #expect(CheckpointFile(path: p + ".parquet")?.kind == .classic)
        #expect(CheckpointFile(path: p + ".slc")?.kind == .native)
        #expect(CheckpointFile(path: p + ".0000000002.0000000003.parquet")?.kind == .part(2, of: 3))
        #expect(CheckpointFile(path: p + ".80a083e8-7026-4e79-81be-64bd76c43a11.json")?.kind == .uuid(json: true))
        #expect(CheckpointFile(path: p + ".80a083e8-7026-4e79-81be-64bd76c43a11.parquet")?.kind == .uuid(json: false))
        #expect(CheckpointFile(path: p + ".parquet")?.version == 10)
        for bad in [p + ".0000000004.0000000003.parquet", p + ".0000000001.0000000001.parquet", p + ".crc", p,
                    "_delta_log/_sidecars/00000000000000000010.checkpoint.parquet", "_delta_log/0000000000000000010.checkpoint.parquet",
                    "_delta_log/00000000000000000010.json", p + ".a.b.json"] {
            #expect(CheckpointFile(path: bad) == nil, "\(bad)")
        }
    }
}
