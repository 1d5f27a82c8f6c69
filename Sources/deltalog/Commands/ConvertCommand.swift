import ArgumentParser
import DeltaLog

/// `deltalog convert TABLE --to parquet|native`: rewrites the table's data files in the other format.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Rewrite every live data file in the other format (Parquet: an open Delta table; native: SwiftLake's columnar files) as one new version.",
        discussion: "Deletion vectors are applied. Earlier versions keep their files, so time travel still works until vacuum.")

    @OptionGroup var target: TableOptions

    @Option(name: .customLong("to"), help: "The format to convert to: parquet or native.")
    var format: TableFormatOption

    @Option(name: .customLong("bloom-filter"), help: "Columns whose new files get bloom filters (e.g. the merge key), comma-separated.")
    var bloomFilter: [String] = []

    @OptionGroup var output: OutputOptions

    func run() throws {
        let location = try target.open()
        let to: TableFileFormat = format.columnarFiles ? .native : .parquet
        let progress = ProgressReporter("convert")
        progress.note("rewriting the data files as \(to.rawValue)")
        let options = WriteOptions(bloomFilterColumns: Set(ListOption.flatten(bloomFilter)))
        let result = try location.run { t throws(DeltaLogError) in try t.convert(to: to, options: options) }
        try location.syncCatalog()
        progress.note("done")
        if output.json {
            Console.json(.members([
                ("table", .string(location.label)), ("format", .string(to.rawValue)),
                ("version", result.commit.map { .int($0.version) } ?? .null),
                ("files_removed", .int(Int64(result.filesRemoved))), ("bytes_removed", .int(result.bytesRemoved)),
                ("files_added", .int(Int64(result.filesAdded))), ("bytes_added", .int(result.bytesAdded)),
                ("rows", .int(result.rows)),
            ]))
        } else if let commit = result.commit {
            Console.out("converted \(location.label) to \(to.rawValue): \(Plural.count(result.filesRemoved, "file")) "
                        + "(\(result.bytesRemoved) bytes) into \(result.filesAdded) (\(result.bytesAdded) bytes), "
                        + "\(Plural.count(Int(result.rows), "row")); version \(commit.version)")
        } else {
            Console.out("\(location.label) already has \(to.rawValue) data files: nothing to do")
        }
    }
}
