import Testing
import TestSupport
import Foundation
import Columnar
@testable import DeltaLog

/// Checkpoints and whole histories against delta-rs (`deltalake` 1.6.6): SwiftLake opens delta-rs tables —
/// with classic checkpoints as delta-rs writes them and with multi-part and V2 (sidecar) checkpoints made from
/// them — at every version and sees what delta-rs sees; delta-rs reads every version of SwiftLake Parquet
/// tables (appends, MERGE with deletion vectors, optimize, checkpoints, vacuum) and of a delta-rs table
/// SwiftLake merged into, with and without column mapping. delta-rs is read through `DeltaTable.scan()`: its
/// `to_pyarrow_table()` refuses tables with deletion vectors ("not yet supported by the deltalake reader").
@Suite(.serialized) struct DeltaRsCheckpointInteropTests {
    typealias Rows = [[String: JSONValue]]

    /// Prints `{"latest": v, "versions": {"<v>": [rows sorted by id]}}` for every version from argv[2]. Reads
    /// through `DeltaTable.scan()` (delta-rs's DataFusion engine), which applies deletion vectors and column
    /// mapping; `to_pyarrow_table()` refuses tables with deletion vectors.
    static let readAllVersions = """
    import sys, json, pyarrow as pa
    from deltalake import DeltaTable
    path, first = sys.argv[1], int(sys.argv[2])
    latest = DeltaTable(path).version()
    out = {}
    for v in range(first, latest + 1):
        out[str(v)] = sorted(pa.table(DeltaTable(path, version=v).scan().read_all()).to_pylist(), key=lambda r: r["id"])
    print(json.dumps({"latest": latest, "versions": out}, ensure_ascii=False, default=str))
    """

    /// What delta-rs reads at each version from `first` on.
    static func deltaRs(_ path: String, from first: Int64 = 0) throws -> (latest: Int64, versions: [Int64: Rows]) {
        let out = try DeltaRsInteropTests.python(readAllVersions, [path, String(first)])
        let json = try JSONParser.parse(out.trimmingCharacters(in: .whitespacesAndNewlines))
        let latest = try #require(json["latest"]?.intValue)
        var versions: [Int64: Rows] = [:]
        for (k, rows) in try #require(json["versions"]?.objectValue) {
            let v = try #require(Int64(k))
            versions[v] = try #require(rows.arrayValue).map { r in Dictionary(uniqueKeysWithValues: (r.objectValue ?? []).map { ($0.0, $0.1) }) }
        }
        return (latest, versions)
    }

    static func json(_ v: Value) -> JSONValue {
        switch v {
        case .null: return .null
        case let .int64(x): return .int(x)
        case let .int32(x): return .int(Int64(x))
        case let .string(s): return .string(s)
        case let .boolean(b): return .bool(b)
        default: return .string("\(v)")
        }
    }

    /// What SwiftLake reads at `version`, rows sorted by id.
    static func swiftLake(_ table: DeltaTable, _ version: Int64) throws -> Rows {
        let rows = try table.scan(version: version).rows().map { $0.mapValues(json) }
        return rows.sorted { ($0["id"]?.intValue ?? 0) < ($1["id"]?.intValue ?? 0) }
    }

    static func expectSame(_ table: DeltaTable, _ expected: [Int64: Rows], versions: ClosedRange<Int64>, _ note: String) throws {
        for v in versions {
            let mine = try swiftLake(table, v), theirs = expected[v] ?? []
            // On a difference, report only the rows that differ.
            #expect(mine == theirs, "\(note) version \(v): only SwiftLake \(mine.filter { !theirs.contains($0) }), only delta-rs \(theirs.filter { !mine.contains($0) })")
        }
    }

    @Test func swiftLakeOpensDeltaRsTablesWithEveryCheckpointKind() throws {
        guard try DeltaRsInteropTests.available() else { return }
        let dir = try TemporaryDirectory()
        let path = dir.path + "/t"
        _ = try DeltaRsInteropTests.python("""
        import sys, os, shutil, json, pyarrow as pa, pyarrow.parquet as pq, pyarrow.compute as pc
        from deltalake import write_deltalake, DeltaTable
        path = sys.argv[1]
        s1 = pa.schema([("id", pa.int64()), ("name", pa.string()), ("month", pa.string())])
        s2 = pa.schema([("id", pa.int64()), ("name", pa.string()), ("month", pa.string()), ("extra", pa.string())])
        t = lambda rows, s=s1: pa.Table.from_pylist(rows, schema=s)
        write_deltalake(path, t([{"id": 1, "name": "a", "month": "2024-01"}, {"id": 2, "name": None, "month": "a b/c=d%é"},
                                 {"id": 3, "name": "c", "month": None}]), partition_by=["month"])
        write_deltalake(path, t([{"id": 4, "name": "d", "month": "x:y#z"}]), mode="append", partition_by=["month"])
        DeltaTable(path).create_checkpoint()
        write_deltalake(path, t([{"id": 5, "name": "e", "month": "2024-01"}]), mode="overwrite", partition_by=["month"],
                        predicate="month = '2024-01'")
        write_deltalake(path, t([{"id": 6, "name": "f", "month": "2024-02", "extra": "x"}], s2), mode="append",
                        schema_mode="merge", partition_by=["month"])
        src = t([{"id": 2, "name": "B", "month": "a b/c=d%é", "extra": "m"}, {"id": 7, "name": "g", "month": "2024-02", "extra": None}], s2)
        DeltaTable(path).merge(src, predicate="t.id = s.id", source_alias="s", target_alias="t") \\
            .when_matched_update_all().when_not_matched_insert_all().execute()
        DeltaTable(path).create_checkpoint()
        DeltaTable(path).delete("id = 4")
        write_deltalake(path, t([{"id": 8, "name": "h", "month": "2024-02", "extra": "y"}], s2), mode="append", partition_by=["month"])

        # Copies whose version-4 checkpoint is multi-part or V2 with sidecars, with the commits before it gone.
        log = "/_delta_log/"
        cp_name = "%020d.checkpoint.parquet" % 4
        cp = pq.read_table(path + log + cp_name)
        def copy(suffix):
            dst = path + suffix
            shutil.copytree(path, dst)
            for v in range(0, 5):
                os.remove(dst + log + "%020d.json" % v)
            os.remove(dst + log + cp_name)
            for f in os.listdir(dst + log):
                if ".checkpoint." in f and f.startswith("%020d" % 1):
                    os.remove(dst + log + f)
            return dst
        multi = copy("-multi")
        half = cp.num_rows // 2
        pq.write_table(cp.slice(0, half), multi + log + "%020d.checkpoint.0000000001.0000000002.parquet" % 4)
        pq.write_table(cp.slice(half), multi + log + "%020d.checkpoint.0000000002.0000000002.parquet" % 4)
        with open(multi + log + "_last_checkpoint", "w") as f:
            json.dump({"version": 4, "size": cp.num_rows, "parts": 2}, f)
        v2 = copy("-v2")
        is_file = pc.or_(pc.is_valid(cp["add"]), pc.is_valid(cp["remove"]))
        files, rest = cp.filter(is_file), cp.filter(pc.invert(is_file))
        os.makedirs(v2 + log + "_sidecars")
        pq.write_table(files.slice(0, 1), v2 + log + "_sidecars/one.parquet")
        pq.write_table(files.slice(1), v2 + log + "_sidecars/two%20b.parquet")
        sidecars = pa.Table.from_pylist([{"sidecar": {"path": p, "sizeInBytes": 1, "modificationTime": 1, "tags": None}}
                                         for p in ["one.parquet", "two%2520b.parquet"]], schema=cp.schema)
        name = "%020d.checkpoint.3a0d65cd-4056-49b8-937b-95f9e3ee90e5.parquet" % 4
        pq.write_table(pa.concat_tables([rest, sidecars]), v2 + log + name)
        with open(v2 + log + "_last_checkpoint", "w") as f:
            json.dump({"version": 4, "size": rest.num_rows + 2, "v2Checkpoint": {"path": name}}, f)
        """, [path])
        let (latest, expected) = try Self.deltaRs(path)
        #expect(latest == 6)
        let storage = LocalStorage(root: path)
        #expect(try storage.listPaths(prefix: "_delta_log/").filter { $0.contains(".checkpoint.") }
            == [LogPaths.parquetCheckpoint(1), LogPaths.parquetCheckpoint(4)])
        let table = DeltaTable(path: path)
        try Self.expectSame(table, expected, versions: 0...latest, "delta-rs table")
        // The checkpoints read equal replay of the commits.
        for v: Int64 in [1, 4] {
            let loaded = try Checkpoint.read(storage: storage, version: v)
            var replay = TableState()
            for c in 0...v { replay.apply(try CommitRecord.read(storage, version: c).actions, version: c) }
            CheckpointTests.expectEqual(loaded.state, replay, "delta-rs checkpoint \(v)")
        }
        #expect(try table.scan(filter: .eq("month", .string("a b/c=d%é"))).rows().map { $0["name"] } == [.string("B")])
        for copy in ["-multi", "-v2"] {
            let t = DeltaTable(path: path + copy)
            #expect(throws: DeltaLogError.versionNotAvailable(requested: 3, oldest: 4, newest: 6)) { try t.snapshot(version: 3) }
            try Self.expectSame(t, expected, versions: 4...latest, "copy \(copy)")
        }
    }

    static let schema = try! Schema(columns: [("id", .int64, false), ("name", .string, true), ("month", .string, true)])

    static func batch(_ rows: [(Int64, String?, String?)]) throws -> RecordBatch {
        var b = RecordBatchBuilder(schema: schema)
        for r in rows { try b.append(row: [.int64(r.0), r.1.map(Value.string) ?? .null, r.2.map(Value.string) ?? .null]) }
        return try b.finish()
    }

    @Test(arguments: [false, true]) func deltaRsReadsEveryVersionOfASwiftLakeParquetTable(columnMapping: Bool) throws {
        guard try DeltaRsInteropTests.available() else { return }
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        try table.create(TableDefinition(schema: Self.schema, partitionColumns: ["month"], properties: ["delta.checkpointInterval": "3"],
                                         columnarFiles: false, columnMapping: columnMapping))
        let months: [String?] = ["2024-01", "a b/c=d%é", nil, "x:y#z"]
        for i in 0..<4 {
            try table.append([try Self.batch((0..<30).map { k in (Int64(i * 100 + k), "n\(k)", months[(i + k) % 4]) })])
        }
        // MERGE: updates and deletes through deletion vectors, inserts as new files.
        let source = try Self.batch([(5, "upd", months[1]), (105, "upd", months[2]), (1_000, "new", "2024-01")])
        let merged = try table.merge([source], MergeSpec(keyColumns: ["id"]))
        #expect(merged.rowsUpdated == 2)
        try table.delete(keys: try CheckpointTests.keys([7, 207, 301]), keyColumns: ["id"])
        #expect(try table.snapshot().files.contains { $0.deletionVector != nil })
        try table.append([try Self.batch([(2_000, nil, nil)])])
        let optimized = try table.optimize()
        #expect(optimized.commit != nil)
        try table.checkpoint()
        let latest = try #require(try table.latestVersion())
        let storage = LocalStorage(root: dir.path)
        #expect(try storage.listPaths(prefix: "_delta_log/").contains(LogPaths.parquetCheckpoint(latest)))

        // pyarrow reads the checkpoint as Delta's schema: the live files, their partition values, the protocol.
        let cp = try DeltaRsInteropTests.python("""
        import sys, json, pyarrow.parquet as pq
        rows = pq.read_table(sys.argv[1]).to_pylist()
        adds = sorted((r["add"]["path"], json.dumps(dict(r["add"]["partitionValues"]), ensure_ascii=False),
                       r["add"]["deletionVector"] is not None) for r in rows if r["add"])
        protocol = [r["protocol"] for r in rows if r["protocol"]]
        print(json.dumps({"adds": adds, "protocol": protocol}, ensure_ascii=False))
        """, [dir.path + "/" + LogPaths.parquetCheckpoint(latest)])
        let snapshot = try table.snapshot()
        let files = snapshot.files.sorted { PathCoding.encode($0.path) < PathCoding.encode($1.path) }
        let cpJSON = try JSONParser.parse(cp.trimmingCharacters(in: .whitespacesAndNewlines))
        let adds = try #require(cpJSON["adds"]?.arrayValue)
        #expect(adds.map { $0.arrayValue?.first } == files.map { .string(PathCoding.encode($0.path)) })
        #expect(adds.map { $0.arrayValue?.last } == files.map { .bool($0.deletionVector != nil) })
        let partitionValues = Set(adds.compactMap { $0.arrayValue?[1].stringValue })
        let key = columnMapping ? "col-3" : "month"
        #expect(partitionValues == ["{\"\(key)\": \"2024-01\"}", "{\"\(key)\": \"a b/c=d%é\"}", "{\"\(key)\": null}", "{\"\(key)\": \"x:y#z\"}"])
        #expect(cpJSON["protocol"]?.arrayValue?.first?["readerFeatures"]?.arrayValue?.contains(.string("deletionVectors")) == true)

        let (rsLatest, rs) = try Self.deltaRs(dir.path)
        #expect(rsLatest == latest)
        #expect(rs[latest]?.count == 119) // 4 × 30 appended, one inserted by MERGE, one appended, three deleted
        try Self.expectSame(table, rs, versions: 0...latest, "SwiftLake table")

        // delta-rs really reads SwiftLake's checkpoint: in a copy without the commits before it, it sees the same.
        let copy = dir.path + "-from-checkpoint"
        DeltaTable.waitForBackgroundCheckpoints()
        try FileManager.default.copyItem(atPath: dir.path, toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        for v in 0..<latest { try LocalStorage(root: copy).delete(LogPaths.commit(v)) }
        #expect(try Self.deltaRs(copy, from: latest).versions[latest] == rs[latest])

        // Vacuum: files no version needs go; the latest version still reads the same in both.
        _ = try table.vacuum(VacuumOptions(retentionHours: 0, force: true))
        let after = try Self.deltaRs(dir.path, from: latest)
        #expect(after.versions[latest] == rs[latest])
        try Self.expectSame(table, after.versions, versions: latest...latest, "after vacuum")
    }

    @Test func swiftLakeMergesIntoADeltaRsTableThatDeltaRsThenReads() throws {
        guard try DeltaRsInteropTests.available() else { return }
        let dir = try TemporaryDirectory()
        _ = try DeltaRsInteropTests.python("""
        import sys, pyarrow as pa
        from deltalake import write_deltalake, DeltaTable
        s = pa.schema([("id", pa.int64()), ("name", pa.string()), ("month", pa.string())])
        rows = [{"id": i, "name": "n%d" % i, "month": ["2024-01", "a b/c=d%é", None][i % 3]} for i in range(40)]
        write_deltalake(sys.argv[1], pa.Table.from_pylist(rows, schema=s), partition_by=["month"])
        write_deltalake(sys.argv[1], pa.Table.from_pylist(rows[:3], schema=s).set_column(0, "id", pa.array([100, 101, 102])),
                        mode="append", partition_by=["month"])
        DeltaTable(sys.argv[1]).create_checkpoint()
        """, [dir.path])
        let table = DeltaTable(path: dir.path)
        let source = try Self.batch([(4, "upd", "a b/c=d%é"), (100, "upd", "2024-01"), (500, "new", nil)])
        let r = try table.merge([source], MergeSpec(keyColumns: ["id"]))
        #expect(r.rowsUpdated == 2)
        #expect(r.rowsInserted == 1)
        try table.delete(keys: try CheckpointTests.keys([10]), keyColumns: ["id"])
        try table.checkpoint()
        let (latest, rs) = try Self.deltaRs(dir.path)
        #expect(latest == 3)
        #expect(rs[latest]?.count == 43) // 40 + 3 written by delta-rs, one inserted, one deleted
        #expect(rs[latest]?.first { $0["id"] == .int(100) }?["name"] == .string("upd"))
        try Self.expectSame(table, rs, versions: 0...latest, "merged delta-rs table")
    }
}
