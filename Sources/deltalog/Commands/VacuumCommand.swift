import ArgumentParser
import DeltaLog

/// `deltalog vacuum TABLE [--retain 168h] [--dry-run] [--force]`: deletes files no retained version needs.
struct VacuumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vacuum",
        abstract: "Delete data and deletion-vector files that no version inside the retention window references, and expired log files.")

    @OptionGroup var target: TableOptions

    @Option(help: "Keep what versions of this recent past need: hours, or 168h, 7d (default: the table's delta.deletedFileRetentionDuration, else 168h).",
            transform: SizeText.hours)
    var retain: Double?

    @Flag(name: .customLong("dry-run"), help: "List what would be deleted; delete nothing.")
    var dryRun = false

    @Flag(help: "Allow a retention shorter than the table's minimum.")
    var force = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        let location = try target.open()
        let progress = ProgressReporter("vacuum")
        progress.note(dryRun ? "listing files (dry run)" : "listing and deleting files")
        let result = try location.run { t throws(DeltaLogError) in
            try t.vacuum(VacuumOptions(retentionHours: retain, force: force, dryRun: dryRun))
        }
        progress.note("done")
        let files = (result.files + result.logFiles).sorted { $0.path < $1.path }
        if output.json {
            Console.json(.members([
                ("table", .string(location.label)), ("dry_run", .bool(dryRun)),
                ("files", .array(result.files.sorted { $0.path < $1.path }.map { .members([("path", .string($0.path)), ("size", .int($0.size))]) })),
                ("log_files", .array(result.logFiles.sorted { $0.path < $1.path }.map { .members([("path", .string($0.path)), ("size", .int($0.size))]) })),
                ("bytes", .int(result.bytes)),
            ]))
            return
        }
        for f in files { Console.out("\(dryRun ? "would delete" : "deleted") \(f.path) (\(f.size) bytes)") }
        Console.out("\(dryRun ? "would delete" : "deleted") \(Plural.count(files.count, "file")), \(result.bytes) bytes from \(location.label)")
    }
}
