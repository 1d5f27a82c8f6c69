import ArgumentParser

/// `deltalog`: inspect and maintain SwiftLake tables and data files.
@main
struct DeltaLogCLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deltalog",
        abstract: "Inspect and maintain SwiftLake tables and data files.",
        subcommands: [
            InspectFileCommand.self,
            CreateCommand.self,
            RegisterCommand.self,
            TablesCommand.self,
            UnregisterCommand.self,
        ]
    )
}
