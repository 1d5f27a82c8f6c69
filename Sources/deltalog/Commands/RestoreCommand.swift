import ArgumentParser
import DeltaLog

/// `deltalog restore TABLE --version N`: makes the latest version equal to version N again.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Make the table's latest version equal to an earlier one again (a new commit; history is kept).")

    @OptionGroup var target: TableOptions

    @Option(name: .customLong("version"), help: "The version to restore.")
    var version: Int64

    @OptionGroup var output: OutputOptions

    func run() throws {
        let location = try target.open()
        let progress = ProgressReporter("restore")
        progress.note("restoring version \(version)")
        let commit = try location.run { t throws(DeltaLogError) in try t.restore(toVersion: version) }
        progress.note("done")
        try location.syncCatalog()
        if output.json {
            Console.json(.members([("table", .string(location.label)), ("restored_version", .int(version)),
                                   ("version", .int(commit.version))]))
        } else {
            Console.out("restored \(location.label) to version \(version): version \(commit.version)")
        }
    }
}
