import ArgumentParser

/// lake-ingest: the CommCare change-feed ingest service (`run`) and its self-contained demo (`demo`).
@main
struct LakeIngest: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "lake-ingest",
                             abstract: "Ingest CommCare form, case and location changes from Kafka into Delta tables.",
                             subcommands: [RunCommand.self, DemoCommand.self])
    }
}
