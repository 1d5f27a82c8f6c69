import ArgumentParser
import DeltaLog

/// `deltalog history TABLE [--limit N]`: the commits, newest first.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "List the table's commits, newest first: version, time, operation, parameters and metrics.")

    @OptionGroup var target: TableOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Show at most this many commits.")
    var limit: Int?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let location = try target.open()
        let commits = try location.run { t throws(DeltaLogError) in try t.history(limit: limit ?? Int.max) }
        if output.json {
            Console.json(.array(commits.map { c in
                let info = c.commitInfo
                return .members([
                    ("version", .int(c.version)),
                    ("timestamp", .string(TimeText.format(millis: c.timestamp))),
                    ("operation", .optional(info?.operation)),
                    ("parameters", .map(info?.operationParameters ?? [:])),
                    ("metrics", .map(info?.operationMetrics ?? [:])),
                    ("read_version", .optional(info?.readVersion)),
                    ("isolation_level", .optional(info?.isolationLevel)),
                    ("blind_append", info?.isBlindAppend.map(Json.bool) ?? .null),
                    ("engine", .optional(info?.engineInfo)),
                ])
            }))
            return
        }
        var table = TextTable(["version", "time", "operation", "parameters", "metrics"])
        for c in commits {
            let info = c.commitInfo
            table.add([String(c.version), TimeText.format(millis: c.timestamp), info?.operation ?? "-",
                       Self.pairs(info?.operationParameters ?? [:]), Self.pairs(info?.operationMetrics ?? [:])])
        }
        Console.out(table.rendered)
    }

    static func pairs(_ m: [String: String]) -> String {
        m.isEmpty ? "-" : m.keys.sorted().map { "\($0)=\(m[$0] ?? "")" }.joined(separator: " ")
    }
}
