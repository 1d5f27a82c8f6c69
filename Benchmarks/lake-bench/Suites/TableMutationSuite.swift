import Columnar
import DeltaLog
import Foundation

/// The `table` suite's mutation workloads (../shared/docs/benchmark-dataset.md): MERGE of an upsert batch,
/// a stream of small upserts with per-commit latency, DELETE by keys, OPTIMIZE of many small files and VACUUM.
/// Benchmarks/peers/table_deltars.py runs the same workloads on delta-rs, on the rows `lake-bench export`
/// writes. Workloads on Parquet-format tables carry the plain name (the comparison with delta-rs, which
/// writes Parquet); those on native-format tables end in " (native files)".
enum TableMutationSuite {
    /// Batch sizes of the dataset doc, scaled down for tiny test runs.
    struct Sizes {
        let mergeRows: Int
        let streamRows: Int
        let streamCommits: Int
        let deleteKeys: Int
        let smallFiles: Int
        let smallFileRows: Int

        init(rows: Int) {
            let full = rows >= 100_000
            mergeRows = full ? 10_000 : max(2, rows / 10)
            streamRows = full ? 500 : max(2, rows / 50)
            streamCommits = full ? 100 : 5
            deleteKeys = full ? 1_000 : max(1, rows / 20)
            smallFiles = full ? 500 : 10
            smallFileRows = full ? 200 : max(1, rows / 40)
        }
    }

    static let nativeSuffix = " (native files)"

    /// The workloads to run, from `LAKE_BENCH_TABLE_WORKLOADS` (comma-separated: create, log, merge, stream,
    /// delete, optimize — optimize includes vacuum); all when unset. Without create and log, the native-files
    /// base table is made by ``createBase(_:_:columnarFiles:)``.
    static let workloads: Set<String>? = ProcessInfo.processInfo.environment["LAKE_BENCH_TABLE_WORKLOADS"]
        .map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }

    static func selected(_ name: String) -> Bool { workloads?.contains(name) ?? true }

    /// For repeated runs on one --dir while tuning: `LAKE_BENCH_KEEP_BASES=1` reuses the base tables (and the
    /// small-files template) that an earlier run left there.
    static let keepBases = ProcessInfo.processInfo.environment["LAKE_BENCH_KEEP_BASES"] == "1"

    /// Runs every workload; `nativeBase` is a table of all of the dataset's rows in the native format (made
    /// here when nil).
    static func run(_ context: BenchContext, nativeBase given: String?) throws -> [Figure] {
        let ds = context.dataset
        let sizes = Sizes(rows: ds.rows)
        let parquetBase = context.workDir + "/base-parquet"
        var figures: [Figure] = []
        if selected("merge") || selected("stream") || selected("delete") {
            try createBase(parquetBase, ds, columnarFiles: false)
            let nativeBase = given ?? context.workDir + "/base-native"
            if given == nil { try createBase(nativeBase, ds, columnarFiles: true) }
            for (base, suffix) in [(parquetBase, ""), (nativeBase, nativeSuffix)] {
                if selected("merge") { figures.append(try merge(context, base: base, suffix: suffix, sizes: sizes)) }
                if selected("stream") { figures.append(try stream(context, dataset: ds, base: base, suffix: suffix, sizes: sizes)) }
                if selected("delete") { figures.append(try delete(context, base: base, suffix: suffix, sizes: sizes)) }
            }
        }
        if selected("optimize") {
            for columnar in [false, true] {
                figures += try compaction(context, columnarFiles: columnar, sizes: sizes)
            }
        }
        return figures + (try largeStream(context, keepBase: false))
    }

    /// Only the upsert streams on native-format tables: the dataset's rows and, when asked, the large table.
    /// The base tables stay in the work directory and are reused by later runs (each stream works on a copy).
    static func runUpserts(_ context: BenchContext) throws -> [Figure] {
        let ds = context.dataset
        let base = context.workDir + "/base-native-\(ds.rows)"
        if !FileManager.default.fileExists(atPath: base + "/_delta_log") { try createBase(base, ds, columnarFiles: true) }
        let sizes = Sizes(rows: ds.rows)
        return [try stream(context, dataset: ds, base: base, suffix: nativeSuffix, sizes: sizes)]
            + (try largeStream(context, keepBase: true))
    }

    /// The upsert stream on a table of `context.largeRows` rows, if asked.
    static func largeStream(_ context: BenchContext, keepBase: Bool) throws -> [Figure] {
        guard let large = context.largeRows, large > 0 else { return [] }
        let big = CaseDataset(rows: large)
        let path = context.workDir + "/base-large-\(large)"
        if !keepBase || !FileManager.default.fileExists(atPath: path + "/_delta_log") {
            try createBase(path, big, columnarFiles: true)
        }
        defer { if !keepBase { try? FileManager.default.removeItem(atPath: path) } }
        return [try stream(context, dataset: big, base: path, suffix: ", \(large) rows" + nativeSuffix,
                           sizes: Sizes(rows: large), copy: keepBase)]
    }

    /// A table of all of `ds`'s rows, appended a million at a time (one data file each).
    static func createBase(_ path: String, _ ds: CaseDataset, columnarFiles: Bool) throws {
        if keepBases, (try? DeltaTable(path: path).snapshot().statisticsRowCount) == Int64(ds.rows) { return }
        try? FileManager.default.removeItem(atPath: path)
        let table = DeltaTable(path: path)
        _ = try table.create(TableDefinition(schema: CaseBatch.schema, columnarFiles: columnarFiles, columnMapping: columnarFiles))
        let step = 1_000_000
        for start in stride(from: 0, to: ds.rows, by: step) {
            let batch = try CaseBatch.make((start..<min(ds.rows, start + step)).lazy.map { ds.row($0) }, capacity: min(step, ds.rows - start))
            _ = try table.append([batch], options: WriteOptions(bloomFilterColumns: ["_id"]))
        }
    }

    /// A fresh copy of `base` at a new path (so no cache of an earlier run applies).
    static func copy(_ base: String, _ context: BenchContext, _ name: String) throws -> String {
        // A checkpoint still being written in the background would be a temporary file vanishing mid-copy.
        DeltaTable.waitForBackgroundCheckpoints()
        let path = context.workDir + "/" + name + "-" + UUID().uuidString
        try FileManager.default.copyItem(atPath: base, toPath: path)
        return path
    }

    /// MERGE (update all / insert all on `_id`) of one upsert batch into a fresh copy of the base table.
    static func merge(_ context: BenchContext, base: String, suffix: String, sizes: Sizes) throws -> Figure {
        let source = try CaseBatch.make(context.dataset.upsertBatch(0, size: sizes.mergeRows))
        var path = ""
        var last: MutationResult?
        let (secs, cpu) = try context.harness.measureCPU(setup: {
            if !path.isEmpty { try? FileManager.default.removeItem(atPath: path) }
            path = try copy(base, context, "merge")
        }) {
            last = try DeltaTable(path: path).merge([source], MergeSpec(keyColumns: ["_id"]))
        }
        try? FileManager.default.removeItem(atPath: path)
        guard let r = last, r.rowsUpdated == sizes.mergeRows / 2, r.rowsInserted == sizes.mergeRows - sizes.mergeRows / 2 else {
            throw BenchError.failed("merge updated \(last?.rowsUpdated ?? -1), inserted \(last?.rowsInserted ?? -1)")
        }
        return Figure(suite: "table", workload: "merge \(sizes.mergeRows)-row upsert" + suffix, seconds: secs,
                      extra: ["files_touched": Double(r.filesTouched), "files_added": Double(r.filesAdded),
                              "cpu_s": Harness.median(cpu.sorted())])
    }

    /// `streamCommits` consecutive upserts of `streamRows` rows, each its own commit, into one copy of the base
    /// table in one process (as the ingest service runs): the figure's seconds are the per-commit latencies,
    /// the first commit included.
    static func stream(_ context: BenchContext, dataset ds: CaseDataset, base: String, suffix: String, sizes: Sizes,
                       copy copying: Bool = true) throws -> Figure {
        let path = copying ? try copy(base, context, "stream") : base
        defer { if copying { try? FileManager.default.removeItem(atPath: path) } }
        // The copy's writeback would otherwise compete with the stream's fsyncs.
        sync()
        let table = DeltaTable(path: path)
        var secs: [Double] = []
        for b in 0..<sizes.streamCommits {
            let source = try CaseBatch.make(ds.upsertBatch(b, size: sizes.streamRows))
            let t0 = DispatchTime.now().uptimeNanoseconds
            let r = try table.merge([source], MergeSpec(keyColumns: ["_id"]))
            secs.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
            guard r.rowsInserted + r.rowsUpdated == sizes.streamRows else {
                throw BenchError.failed("upsert \(b) wrote \(r.rowsInserted + r.rowsUpdated) rows")
            }
        }
        let sorted = secs.sorted()
        let p95 = sorted[max(0, Int((Double(sorted.count) * 0.95).rounded(.up)) - 1)]
        return Figure(suite: "table", workload: "\(sizes.streamCommits) x \(sizes.streamRows)-row upserts, per commit" + suffix,
                      seconds: secs, extra: ["p95_s": p95, "first_s": secs.first ?? 0])
    }

    /// DELETE of a batch of existing keys from a fresh copy of the base table.
    static func delete(_ context: BenchContext, base: String, suffix: String, sizes: Sizes) throws -> Figure {
        let ids = context.dataset.deleteBatch(0, size: sizes.deleteKeys)
        var b = ColumnBuilder(type: .string, capacity: ids.count)
        for id in ids { try b.append(string: id) }
        let keys = try RecordBatch(schema: try Schema(columns: [("_id", .string, false)]), columns: [b.finish()])
        var path = ""
        var deleted = 0
        let (secs, cpu) = try context.harness.measureCPU(setup: {
            if !path.isEmpty { try? FileManager.default.removeItem(atPath: path) }
            path = try copy(base, context, "delete")
        }) {
            deleted = try DeltaTable(path: path).delete(keys: keys, keyColumns: ["_id"]).rowsDeleted
        }
        try? FileManager.default.removeItem(atPath: path)
        guard deleted == ids.count else { throw BenchError.failed("delete removed \(deleted) of \(ids.count) rows") }
        return Figure(suite: "table", workload: "delete \(ids.count) keys" + suffix, seconds: secs,
                      extra: ["cpu_s": Harness.median(cpu.sorted())])
    }

    /// OPTIMIZE of a table of many small appends, then VACUUM (zero retention, forced) of the files it replaced.
    static func compaction(_ context: BenchContext, columnarFiles: Bool, sizes: Sizes) throws -> [Figure] {
        let suffix = columnarFiles ? nativeSuffix : ""
        let template = context.workDir + "/small-files" + (columnarFiles ? "-native" : "-parquet")
        if !(keepBases && (try? DeltaTable(path: template).snapshot().fileCount) == sizes.smallFiles) {
            try? FileManager.default.removeItem(atPath: template)
            let table = DeltaTable(path: template)
            _ = try table.create(TableDefinition(schema: CaseBatch.schema, columnarFiles: columnarFiles, columnMapping: columnarFiles))
            let ds = context.dataset
            for f in 0..<sizes.smallFiles {
                let start = f * sizes.smallFileRows
                _ = try table.append([try CaseBatch.make((start..<start + sizes.smallFileRows).lazy.map { ds.row($0 % ds.rows) })],
                                     options: WriteOptions(bloomFilterColumns: ["_id"]))
            }
        }
        var path = ""
        var added = 0
        let (optimize, optimizeCPU) = try context.harness.measureCPU(setup: {
            if !path.isEmpty { try? FileManager.default.removeItem(atPath: path) }
            path = try copy(template, context, "optimize")
        }) {
            added = try DeltaTable(path: path).optimize().progress.filesAdded
        }
        try? FileManager.default.removeItem(atPath: path)
        guard added >= 1 else { throw BenchError.failed("optimize wrote no file") }
        var removed = 0
        let (vacuum, vacuumCPU) = try context.harness.measureCPU(setup: {
            if !path.isEmpty { try? FileManager.default.removeItem(atPath: path) }
            path = try copy(template, context, "vacuum")
            try DeltaTable(path: path).optimize()
        }) {
            removed = try DeltaTable(path: path).vacuum(VacuumOptions(retentionHours: 0, force: true)).files.count
        }
        try? FileManager.default.removeItem(atPath: path)
        if !keepBases { try? FileManager.default.removeItem(atPath: template) }
        guard removed == sizes.smallFiles else { throw BenchError.failed("vacuum removed \(removed) of \(sizes.smallFiles) files") }
        return [Figure(suite: "table", workload: "optimize \(sizes.smallFiles) small files" + suffix, seconds: optimize,
                       extra: ["files_added": Double(added), "cpu_s": Harness.median(optimizeCPU.sorted())]),
                Figure(suite: "table", workload: "vacuum \(sizes.smallFiles) removed files" + suffix, seconds: vacuum,
                       extra: ["cpu_s": Harness.median(vacuumCPU.sorted())])]
    }
}
