import Columnar
import DeltaLog
import Foundation

/// The `table` suite: table creation, log replay and (``TableMutationSuite``) MERGE, upserts, DELETE, OPTIMIZE
/// and VACUUM on DeltaLog, against delta-rs (Benchmarks/peers/table_deltars.py runs the same workloads).
enum TableSuite {
    /// Commits in the log-replay table (the dataset doc's 1,000; lowered for tiny test runs).
    static func commitCount(_ rows: Int) -> Int { rows >= 10_000 ? 1_000 : 20 }

    static func run(_ context: BenchContext) throws -> [Figure] {
        // LAKE_BENCH_TABLE=upserts runs only the upsert streams (native files, and the large table if asked):
        // the focused measurement for per-commit latency work.
        if ProcessInfo.processInfo.environment["LAKE_BENCH_TABLE"] == "upserts" {
            return try TableMutationSuite.runUpserts(context)
        }
        let ds = context.dataset
        var figures: [Figure] = []
        guard TableMutationSuite.selected("create") || TableMutationSuite.selected("log") else {
            return try TableMutationSuite.run(context, nativeBase: nil)
        }
        let batch = try CaseBatch.all(ds)

        let createPath = context.workDir + "/create"
        var tableBytes = 0
        let create = try context.harness.measure(setup: { try? FileManager.default.removeItem(atPath: createPath) }) {
            let table = DeltaTable(path: createPath)
            _ = try table.create(TableDefinition(schema: batch.schema))
            _ = try table.append([batch], options: WriteOptions(bloomFilterColumns: ["_id"]))
        }
        tableBytes = directorySize(createPath)
        figures.append(Figure(suite: "table", workload: "create \(ds.rows)-row table", seconds: create,
                              extra: ["rows_per_s": Double(ds.rows) / (create.min() ?? 1), "table_bytes": Double(tableBytes)]))

        // A log of many small commits, each appending 10 rows, with automatic checkpoints off.
        let commits = commitCount(ds.rows)
        let logPath = context.workDir + "/log"
        let log = DeltaTable(path: logPath)
        _ = try log.create(TableDefinition(schema: batch.schema, properties: ["delta.checkpointInterval": "1000000000"]))
        let small = batch.slice(0..<min(10, batch.rowCount))
        for _ in 0..<(commits - 1) { _ = try log.append([small]) }
        let latest = try log.latestVersion() ?? 0

        let noCheckpoint = try context.harness.measure {
            let s = try DeltaTable(path: logPath).snapshot()
            guard s.fileCount == commits - 1 else { throw BenchError.failed("log replay saw \(s.fileCount) files") }
        }
        figures.append(Figure(suite: "table", workload: "open latest of \(commits) commits (no checkpoint)", seconds: noCheckpoint))
        try log.checkpoint()
        let withCheckpoint = try context.harness.measure {
            let s = try DeltaTable(path: logPath).snapshot()
            guard s.fileCount == commits - 1 else { throw BenchError.failed("checkpoint replay saw \(s.fileCount) files") }
        }
        figures.append(Figure(suite: "table", workload: "open latest of \(commits) commits (checkpoint)", seconds: withCheckpoint))
        let mid = latest / 2
        let openMid = try context.harness.measure {
            let s = try DeltaTable(path: logPath).snapshot(version: mid)
            guard s.version == mid else { throw BenchError.failed("time travel opened version \(s.version)") }
        }
        figures.append(Figure(suite: "table", workload: "open version \(mid)", seconds: openMid))
        try? FileManager.default.removeItem(atPath: logPath)
        return figures + (try TableMutationSuite.run(context, nativeBase: createPath))
    }

    static func directorySize(_ path: String) -> Int {
        guard let e = FileManager.default.enumerator(atPath: path) else { return 0 }
        var total = 0
        while let f = e.nextObject() as? String {
            total += ((try? FileManager.default.attributesOfItem(atPath: path + "/" + f)[.size]) as? Int) ?? 0
        }
        return total
    }
}
