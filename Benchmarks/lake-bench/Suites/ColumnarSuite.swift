import Columnar
import Foundation

/// The `columnar` suite: write, full scan and projected + filtered scans of the dataset in SwiftLake's
/// native format, single-threaded (the peer is pyarrow's Parquet with zstd: Benchmarks/peers/columnar_pyarrow.py).
enum ColumnarSuite {
    /// The workloads to run, from `LAKE_BENCH_COLUMNAR_WORKLOADS` (comma-separated: write, scan, filtered, tiny);
    /// all but tiny when unset. Without write, the file is written once, untimed.
    static let workloads: Set<String>? = ProcessInfo.processInfo.environment["LAKE_BENCH_COLUMNAR_WORKLOADS"]
        .map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }

    static func selected(_ name: String) -> Bool { workloads?.contains(name) ?? true }

    static func run(_ context: BenchContext) throws -> [Figure] {
        let ds = context.dataset
        let batch = try CaseBatch.all(ds)
        var options = ColumnarWriteOptions()
        options.bloomFilterColumns = ["_id"]
        let path = context.workDir + "/cases.slc"
        let sortedPath = context.workDir + "/cases-sorted.slc"
        var figures: [Figure] = []
        if workloads?.contains("tiny") == true { figures += try tinyFiles(context, batch, options: options) }
        if workloads == ["tiny"] { return figures }
        if selected("write") {
            figures += try write(context, batch, options: options, path: path)
        } else {
            try ColumnarFileIO.write([batch], schema: batch.schema, options: options, to: path)
        }
        if selected("scan") { figures.append(try fullScan(context, path: path)) }
        if selected("filtered") {
            let sortedBatch = try CaseBatch.all(ds, sorted: true)
            try ColumnarFileIO.write(try ColumnarWriter.write([sortedBatch], schema: batch.schema, options: options), to: sortedPath)
            figures += try filteredScans(context, batch, paths: [("unsorted", path), ("sorted", sortedPath)])
        }
        return figures
    }

    private static func write(_ context: BenchContext, _ batch: RecordBatch, options: ColumnarWriteOptions,
                              path: String) throws -> [Figure] {
        let n = Double(context.dataset.rows)
        let inputBytes = Double(ndjsonSize(context.dataset))
        var figures: [Figure] = []
        // Streamed to the file row group by row group, then fsynced (what pyarrow's write_table does, but durable).
        let (write, writeCPU) = try context.harness.measureCPU {
            try ColumnarFileIO.write([batch], schema: batch.schema, options: options, to: path)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let best = write.min() ?? 1
        figures.append(Figure(suite: "columnar", workload: "write", seconds: write,
                              extra: ["rows_per_s": n / best, "file_bytes": Double(size), "input_mb_per_s": inputBytes / 1e6 / best,
                                      "cpu_s": Harness.median(writeCPU), "cpu_min_s": writeCPU.min() ?? 0]))
        // The whole file encoded in memory first (the DataFileFormat seam tables use), then written and fsynced.
        let (inMemory, inMemoryCPU) = try context.harness.measureCPU {
            let bytes = try ColumnarWriter.write([batch], schema: batch.schema, options: options)
            try ColumnarFileIO.write(bytes, to: path)
            guard bytes.count == size else { throw BenchError.failed("in-memory and streamed files differ in size") }
        }
        figures.append(Figure(suite: "columnar", workload: "write (in memory, then file)", seconds: inMemory,
                              extra: ["rows_per_s": n / (inMemory.min() ?? 1), "cpu_s": Harness.median(inMemoryCPU),
                                      "cpu_min_s": inMemoryCPU.min() ?? 0]))
        return figures
    }

    /// Files of 1-3 rows, as an ingest batch's MERGE writes them (one per partition touched) and compaction then
    /// opens and scans them: per-file and per-page fixed costs, not values, are what this measures. In memory
    /// through the ``DataFileFormat`` seam tables use; the read opens each file, loads the `_id` key filter and
    /// scans every column.
    private static func tinyFiles(_ context: BenchContext, _ batch: RecordBatch, options: ColumnarWriteOptions) throws -> [Figure] {
        let format = ColumnarFormat(baseOptions: options)
        let writeOptions = DataFileWriteOptions(bloomFilterColumns: ["_id"])
        var slices: [RecordBatch] = []
        var start = 0
        while slices.count < tinyFileCount && start < batch.rowCount {
            let n = min(1 + slices.count % 3, batch.rowCount - start)
            slices.append(batch.slice(start..<(start + n)))
            start += n
        }
        var files: [[UInt8]] = []
        let (write, writeCPU) = try context.harness.measureCPU {
            files = try slices.map { try format.write([$0], schema: $0.schema, options: writeOptions).bytes }
        }
        let totalBytes = files.reduce(0) { $0 + $1.count }
        let (read, readCPU) = try context.harness.measureCPU {
            var rows = 0
            for f in files {
                let reader = try format.open(InMemorySource(f))
                _ = try reader.keyFilter(column: "_id")
                var scanner = try reader.scanBatches(columns: nil, where: nil)
                while let b = try scanner.next() { rows += b.batch.rowCount }
            }
            guard rows == start else { throw BenchError.failed("tiny files: \(rows) rows read, \(start) written") }
        }
        let perFile = 1e6 / Double(max(files.count, 1))
        return [
            Figure(suite: "columnar", workload: "write \(files.count) files of 1-3 rows", seconds: write,
                   extra: ["us_per_file": (write.min() ?? 0) * perFile, "cpu_s": Harness.median(writeCPU),
                           "cpu_min_s": writeCPU.min() ?? 0, "bytes_per_file": Double(totalBytes) / Double(max(files.count, 1))]),
            Figure(suite: "columnar", workload: "open + key filter + scan \(files.count) files of 1-3 rows", seconds: read,
                   extra: ["us_per_file": (read.min() ?? 0) * perFile, "cpu_s": Harness.median(readCPU),
                           "cpu_min_s": readCPU.min() ?? 0]),
        ]
    }

    /// Files in the `tiny` workload.
    static let tinyFileCount = 5_000

    private static func fullScan(_ context: BenchContext, path: String) throws -> Figure {
        let ds = context.dataset
        let n = Double(ds.rows)
        let (scan, scanCPU) = try context.harness.measureCPU {
            let reader = try ColumnarReader(path: path)
            var scanner = try reader.scan()
            var batches: [RecordBatch] = []
            while let b = try scanner.next() { batches.append(b.batch) }
            guard batches.reduce(0, { $0 + $1.rowCount }) == ds.rows else { throw BenchError.failed("full scan lost rows") }
        }
        return Figure(suite: "columnar", workload: "full scan", seconds: scan, extra: ["rows_per_s": n / (scan.min() ?? 1),
                                                                                       "cpu_s": Harness.median(scanCPU),
                                                                                       "cpu_min_s": scanCPU.min() ?? 0])
    }

    private static func filteredScans(_ context: BenchContext, _ batch: RecordBatch,
                                      paths: [(String, String)]) throws -> [Figure] {
        var figures: [Figure] = []
        let (lo, hi) = window(batch)
        let predicate = Predicate.and(.ge("server_modified_on", .timestamp(lo)), .lt("server_modified_on", .timestamp(hi)))
        for (label, p) in paths {
            var matched = 0, bytesRead = 0, skipped = 0
            let secs = try context.harness.measure {
                let reader = try ColumnarReader(path: p)
                var scanner = try reader.scan(columns: ["_id", "owner_id", "server_modified_on"], where: predicate)
                matched = 0
                while let b = try scanner.next() { matched += b.batch.rowCount }
                bytesRead = scanner.bytesRead
                skipped = scanner.rowGroupsSkipped
            }
            let fileBytes = (try? FileManager.default.attributesOfItem(atPath: p)[.size] as? Int) ?? 0
            figures.append(Figure(suite: "columnar", workload: "projected+filtered scan (\(label))", seconds: secs,
                                  extra: ["rows_matched": Double(matched), "bytes_read": Double(bytesRead),
                                          "row_groups_skipped": Double(skipped), "file_bytes": Double(fileBytes)]))
        }
        return figures
    }

    /// The window of `server_modified_on` holding ~10% of rows: [45th, 55th) percentile, as the peers compute it.
    static func window(_ batch: RecordBatch) -> (Int64, Int64) {
        guard case let .timestamp(v)? = batch.column(named: "server_modified_on") else { return (0, 0) }
        let sorted = v.values.sorted()
        guard !sorted.isEmpty else { return (0, 0) }
        return (sorted[sorted.count * 45 / 100], sorted[min(sorted.count - 1, sorted.count * 55 / 100)])
    }

    /// Bytes of the dataset as exported NDJSON: the "input" of the input-MB/s figure, as for the peers.
    static func ndjsonSize(_ ds: CaseDataset) -> Int {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var total = 0
        for i in 0..<ds.rows {
            NDJSONExport.append(ds.row(i), to: &buffer)
            if buffer.count > 1 << 20 { total += buffer.count; buffer.removeAll(keepingCapacity: true) }
        }
        return total + buffer.count
    }
}
