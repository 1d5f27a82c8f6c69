import ArgumentParser
import Foundation
import Ingest
import Logging

/// `lake-ingest run`: the ingest service. Exit status 0 after a stop request or a finished `--once`; 2 for a bad
/// configuration; 1 when the warehouse or document source cannot be opened.
struct RunCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "run", abstract: "Consume the change feed from Kafka into the warehouse.",
                             discussion: ConfigFlags.help)
    }

    @Option(help: "Configuration file: the TOML subset of config/lake-ingest.example.toml, or JSON (*.json).")
    var config: String?

    @Flag(help: "Drain every assigned partition to its current end, then exit.")
    var once = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Setting overrides, see below.", visibility: .hidden))
    var settings: [String] = []

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown log level \(logLevel)") }
    }

    func run() async throws {
        MallocArenas.limitToCores()
        let flags = try ConfigFlags.parse(settings)
        let ingestConfig: IngestConfig
        do {
            ingestConfig = try IngestConfig.load(path: config, flags: flags)
        } catch {
            FileHandle.standardError.write(Data("lake-ingest: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "lake-ingest")
        let service: IngestService
        do {
            let sources = try IngestSources.make(ingestConfig)
            service = try IngestService(config: ingestConfig, sources: sources, options: IngestService.Options(once: once),
                                        logger: logger)
        } catch {
            logger.critical("cannot start", metadata: ["error": "\(error)"])
            throw ExitCode(1)
        }
        let signals = SignalStop { name in Task { await service.stop(reason: name) } }
        _ = await service.run()
        signals.cancel()
    }
}
