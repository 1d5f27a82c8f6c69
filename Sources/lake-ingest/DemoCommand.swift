import ArgumentParser

/// `lake-ingest demo`: the synthetic CommCare feed through the ingest loop into a local warehouse, or with
/// `--columnar-only` the storage layer alone on one columnar file.
struct DemoCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "demo", abstract: "Build a small lakehouse from a synthetic CommCare feed.")
    }

    @Option(help: "Warehouse directory to build.")
    var warehouse = "./lakehouse"

    @Flag(help: "Only write, read back and probe one columnar file.")
    var columnarOnly = false

    @Option(help: "Rows for --columnar-only (1...10000000).")
    var rows = 20_000

    func validate() throws {
        guard (1...10_000_000).contains(rows) else { throw ValidationError("--rows needs a number in 1...10000000") }
    }

    func run() throws {
        if columnarOnly {
            try ColumnarDemo(warehouse: warehouse, rows: rows).run()
        } else {
            try IngestDemo(warehouse: warehouse).run()
        }
    }
}
