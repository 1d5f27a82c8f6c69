import ArgumentParser
import DeltaLog

/// `deltalog optimize TABLE [--target-size SIZE] [--sort-by cols]`: compacts small files.
struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Compact small files (and files with deletion vectors) into files of about the target size, optionally sorted.")

    @OptionGroup var target: TableOptions

    @Option(name: .customLong("target-size"), help: "Bytes per output file, e.g. 134217728 or 128M (default: delta.targetFileSize, else 128M).",
            transform: SizeText.bytes)
    var targetSize: Int64?

    @Option(name: .customLong("sort-by"), help: "Sort each output file by these columns, comma-separated.")
    var sortBy: [String] = []

    @OptionGroup var output: OutputOptions

    func run() throws {
        let location = try target.open()
        let progress = ProgressReporter("optimize")
        let options = OptimizeOptions(targetFileSize: targetSize, sortBy: ListOption.flatten(sortBy), progress: { p in
            progress.update(p.binsDone, of: p.binsTotal, "\(Plural.count(p.filesRemoved, "file")) into \(p.filesAdded)")
        })
        let result = try location.run { t throws(DeltaLogError) in try t.optimize(options) }
        let p = result.progress
        if output.json {
            Console.json(.members([
                ("table", .string(location.label)), ("version", result.commit.map { .int($0.version) } ?? .null),
                ("files_removed", .int(p.filesRemoved)), ("bytes_removed", .int(p.bytesRemoved)),
                ("files_added", .int(p.filesAdded)), ("bytes_added", .int(p.bytesAdded)),
            ]))
        } else if let commit = result.commit {
            Console.out("optimized \(location.label): \(Plural.count(p.filesRemoved, "file")) (\(p.bytesRemoved) bytes) into "
                        + "\(p.filesAdded) (\(p.bytesAdded) bytes); version \(commit.version)")
        } else {
            Console.out("optimized \(location.label): nothing to compact")
        }
    }
}
