import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `deltalog`: inspect and maintain SwiftLake tables and data files.
///
/// Exit status: 0 success, 1 a failure while running (named on standard error), 2 a usage error.
@main
struct DeltaLogCLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deltalog",
        abstract: "Inspect and maintain SwiftLake tables and data files.",
        discussion: """
            A table is a directory path (anything with a '/') or db.table in the catalog (--metastore, default the \
            embedded catalog of --warehouse, default ./lakehouse). Exit status: 0 ok, 1 error, 2 usage.
            """,
        subcommands: [
            TablesCommand.self,
            DescribeCommand.self,
            HistoryCommand.self,
            FilesCommand.self,
            ShowCommand.self,
            StatsCommand.self,
            CreateCommand.self,
            AppendCommand.self,
            MergeCommand.self,
            DeleteCommand.self,
            UpdateCommand.self,
            InspectFileCommand.self,
            VerifyCommand.self,
            OptimizeCommand.self,
            VacuumCommand.self,
            CheckpointCommand.self,
            ConvertCommand.self,
            RestoreCommand.self,
            DiffCommand.self,
            RegisterCommand.self,
            UnregisterCommand.self,
        ]
    )

    static func main() {
        let command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            finish(error)
        }
        do {
            var c = command
            try c.run()
        } catch let usage as ValidationError {
            // Found while running (a column the table lacks): the message alone, without the root usage.
            Console.err("deltalog: error: \(usage.message)")
            terminate(2)
        } catch {
            finish(error)
        }
    }

    /// Reports `error` and exits: help and clean exits with 0, usage errors with 2, everything else with 1.
    static func finish(_ error: Error) -> Never {
        if let failure = error as? CLIError {
            Console.err("deltalog: error: \(failure)")
            terminate(1)
        }
        if let failure = error as? ExprError {
            Console.err("deltalog: error: \(failure)")
            terminate(2)
        }
        let code = exitCode(for: error)
        let message = fullMessage(for: error)
        if code == .success {
            if !message.isEmpty { Console.out(message) }
            terminate(0)
        }
        if code == .validationFailure {
            Console.err(message.hasPrefix("Error:") ? "deltalog: error:" + message.dropFirst(6) : message)
            terminate(2)
        }
        // An error of the engine (DeltaLogError, MetastoreError, ...) that reached here unwrapped.
        Console.err("deltalog: error: \(error)")
        terminate(1)
    }

    private static func terminate(_ status: Int32) -> Never {
        #if canImport(Glibc)
        Glibc.exit(status)
        #else
        Darwin.exit(status)
        #endif
    }
}
