import ArgumentParser
import Foundation

/// `lake-bench`: SwiftLake's benchmark suite. Every performance figure in Benchmarks/README.md comes from here.
@main
struct LakeBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lake-bench",
        abstract: "Benchmarks SwiftLake on the deterministic CommCare case dataset.",
        subcommands: [RunCommand.self, ExportCommand.self],
        defaultSubcommand: RunCommand.self)
}

/// Options shared by the suites.
struct BenchContext {
    var dataset: CaseDataset
    var harness: Harness
    /// A scratch directory for files and tables, removed afterwards.
    var workDir: String
    /// The `table` suite also streams upserts into a table of this many rows (cost must not grow with the table).
    var largeRows: Int? = nil
}

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run one suite or all of them.")

    @Argument(help: "Suite to run: \(Suites.names.joined(separator: ", ")), or all.")
    var suite: String = "all"

    @Option(help: "Rows in the dataset.")
    var rows: Int = 1_000_000

    @Option(help: "Timed runs per workload (after one warm-up).")
    var runs: Int = 5

    @Option(help: "Also write the figures as JSON to this file.")
    var json: String?

    @Option(help: "Scratch directory (default: a new directory under TMPDIR).")
    var dir: String?

    @Option(help: "table suite: also run the upsert stream on a table of this many rows, e.g. 10000000.")
    var largeRows: Int?

    func run() async throws {
        let work = dir ?? (NSTemporaryDirectory() + "/lake-bench-\(getpid())")
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { if dir == nil { try? FileManager.default.removeItem(atPath: work) } }
        let context = BenchContext(dataset: CaseDataset(rows: rows), harness: Harness(runs: runs), workDir: work,
                                   largeRows: largeRows)
        let selected = suite == "all" ? Suites.names : [suite]
        var figures: [Figure] = []
        for name in selected {
            figures += try await Suites.run(name, context)
        }
        Report.print(figures)
        if let json { try Report.writeJSON(figures, to: json) }
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the dataset, its sorted variant, upsert and delete batches as NDJSON for peer tools.")

    @Option(help: "Rows in the dataset.")
    var rows: Int = 1_000_000

    @Option(help: "Output directory.")
    var out: String

    @Option(help: "Rows per upsert batch written (upserts-<k>.ndjson).")
    var upsertSizes: [Int] = [10_000, 500]

    func run() throws {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let ds = CaseDataset(rows: rows)
        try NDJSONExport.write((0..<rows).lazy.map { ds.row($0) }, to: out + "/cases.ndjson")
        try NDJSONExport.write(ds.sortedOrder().lazy.map { ds.row($0) }, to: out + "/cases-sorted.ndjson")
        for k in upsertSizes {
            try NDJSONExport.write(ds.upsertBatch(0, size: k), to: out + "/upserts-\(k).ndjson")
        }
        // The upsert stream: batches 0..<100 of 500 rows, one after the other (each its own commit).
        try NDJSONExport.write((0..<100).lazy.flatMap { ds.upsertBatch($0, size: 500) }, to: out + "/stream-500x100.ndjson")
        let deletes = ds.deleteBatch(0, size: 1_000).map { "{\"_id\":\"\($0)\"}\n" }.joined()
        try Data(deletes.utf8).write(to: URL(fileURLWithPath: out + "/deletes-1000.ndjson"))
        print("lake-bench export: \(rows) rows to \(out)")
    }
}
