import Testing
import TestSupport
import Foundation
import Columnar
@testable import DeltaLog

/// Open tables against delta-rs (the `deltalake` Python package, installed by scripts/test): SwiftLake reads
/// what delta-rs writes, and delta-rs reads the Parquet tables SwiftLake writes.
@Suite(.serialized) struct DeltaRsInteropTests {
    struct PythonFailure: Error, CustomStringConvertible { let description: String }

    static func python(_ script: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // deltalake's native runtime can abort in its C++ teardown at interpreter exit ("terminate called
        // without an active exception") after the script has done its work; flush and leave without teardown.
        let epilogue = "\nimport os as _os, sys as _sys\n_sys.stdout.flush()\n_sys.stderr.flush()\n_os._exit(0)\n"
        p.arguments = ["python3", "-c", script + epilogue] + args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw PythonFailure(description: String(decoding: stderr, as: UTF8.self)) }
        return String(decoding: stdout, as: UTF8.self)
    }

    static func available(_ test: String = #function) throws -> Bool {
        if (try? python("import deltalake", [])) != nil { return true }
        if TestServices.required { throw PythonFailure(description: "deltalake is required under scripts/test but python3 cannot import it") }
        print("SKIP \(test): python3 with deltalake is not available (run scripts/test to install it)")
        return false
    }

    @Test func swiftLakeReadsATableDeltaRsWrote() throws {
        guard try Self.available() else { return }
        let dir = try TemporaryDirectory()
        _ = try Self.python("""
        import sys, pyarrow as pa
        from deltalake import write_deltalake, DeltaTable
        path = sys.argv[1]
        schema = pa.schema([("id", pa.int64()), ("name", pa.string()), ("month", pa.string())])
        write_deltalake(path, pa.table({"id": [1, 2, 3], "name": ["a", None, "c"], "month": ["2024-01", "a b/c=d%é", None]}, schema=schema), partition_by=["month"])
        write_deltalake(path, pa.table({"id": [4], "name": ["d"], "month": ["2024-01"]}, schema=schema), mode="append", partition_by=["month"])
        DeltaTable(path).delete("id = 2")
        """, [dir.path])
        let t = DeltaTable(path: dir.path)
        #expect(try t.latestVersion() == 2)
        func rows(_ version: Int64) throws -> [String] {
            try t.scan(version: version).rows().map { r in
                "\(r["id"] ?? .null)|\(r["name"] ?? .null)|\(r["month"] ?? .null)"
            }.sorted()
        }
        #expect(try rows(0) == ["1|\"a\"|\"2024-01\"", "2|null|\"a b/c=d%é\"", "3|\"c\"|null"])
        #expect(try rows(1).count == 4)
        #expect(try rows(2) == ["1|\"a\"|\"2024-01\"", "3|\"c\"|null", "4|\"d\"|\"2024-01\""])
        #expect(try t.scan(filter: .eq("month", .string("2024-01"))).count() == 2)
        #expect(try t.scan(filter: .gt("id", .int64(3))).count() == 1)
    }

    @Test func deltaRsReadsAParquetTableSwiftLakeWrote() throws {
        guard try Self.available() else { return }
        let dir = try TemporaryDirectory()
        let t = DeltaTable(path: dir.path)
        let schema = try Schema(columns: [("id", .int64, false), ("name", .string, true), ("day", .date, true), ("month", .string, true)])
        try t.create(TableDefinition(schema: schema, partitionColumns: ["month"], columnarFiles: false, columnMapping: false))
        func batch(_ rows: [(Int64, String?, Int32, String?)]) throws -> RecordBatch {
            var b = RecordBatchBuilder(schema: schema)
            for r in rows {
                let name: Value = r.1.map(Value.string) ?? .null
                let month: Value = r.3.map(Value.string) ?? .null
                try b.append(row: [.int64(r.0), name, .date(r.2), month])
            }
            return try b.finish()
        }
        try t.append([try batch([(1, "a", 19723, "2024-01"), (2, nil, 19724, "x y/z=%é"), (3, "c", 19725, nil)])])
        try t.append([try batch([(4, "d", 19726, "2024-01")])])
        try t.overwrite([try batch([(5, "e", 19727, "2024-01")])], partitions: .eq("month", .string("2024-01")))
        #expect(throws: DeltaLogError.invalidSchema(detail: "renaming needs column mapping")) { try t.renameColumn("name", to: "name") }
        let out = try Self.python("""
        import sys, json
        from deltalake import DeltaTable
        t = DeltaTable(sys.argv[1])
        rows = sorted(t.to_pyarrow_table().to_pylist(), key=lambda r: r["id"])
        print(json.dumps({"version": t.version(), "rows": rows}, default=str, ensure_ascii=False))
        v1 = DeltaTable(sys.argv[1], version=1)
        print(json.dumps(sorted(r["id"] for r in v1.to_pyarrow_table().to_pylist())))
        """, [dir.path])
        let lines = out.split(separator: "\n").map(String.init)
        let json = try JSONParser.parse(try #require(lines.first))
        #expect(json["version"] == .int(3))
        let rows = try #require(json["rows"]?.arrayValue)
        #expect(rows.map { $0["id"] ?? .null } == [.int(2), .int(3), .int(5)])
        #expect(rows.map { $0["name"] ?? .null } == [.null, .string("c"), .string("e")])
        #expect(rows.map { $0["day"] ?? .null } == [.string("2024-01-02"), .string("2024-01-03"), .string("2024-01-05")])
        #expect(rows.map { $0["month"] ?? .null } == [.string("x y/z=%é"), .null, .string("2024-01")])
        #expect(lines.dropFirst().first == "[1, 2, 3]")
        // And SwiftLake reads its own Parquet table back.
        #expect(try t.scan(columns: ["id"]).rows().count == 3)
    }
}
