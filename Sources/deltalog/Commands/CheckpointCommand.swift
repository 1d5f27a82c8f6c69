import ArgumentParser
import DeltaLog

/// `deltalog checkpoint TABLE`: writes a checkpoint of the latest version.
struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint", abstract: "Write a checkpoint of the latest version, so opening the table reads one file instead of the whole log.")

    @OptionGroup var target: TableOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let location = try target.open()
        let progress = ProgressReporter("checkpoint")
        let (version, path) = try location.run { t throws(DeltaLogError) in
            let s = try t.snapshot()
            progress.note("writing version \(s.version)")
            return (s.version, try t.checkpoint(version: s.version))
        }
        progress.note("done")
        if output.json {
            Console.json(.members([("table", .string(location.label)), ("version", .int(version)),
                                   ("path", .string(path))]))
        } else {
            Console.out("checkpoint of \(location.label) at version \(version): \(path)")
        }
    }
}
