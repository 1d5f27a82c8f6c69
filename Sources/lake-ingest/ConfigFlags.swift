import ArgumentParser
import Ingest

/// The configuration overrides given on the command line: every `ConfigKey` as `--flag VALUE` or `--flag=VALUE`
/// (e.g. `--kafka-bootstrap-servers 127.0.0.1:9092`). They win over the environment and the file.
enum ConfigFlags {
    static func parse(_ arguments: [String]) throws -> [ConfigOverride] {
        var out: [ConfigOverride] = []
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            let name: String
            let value: String
            if let eq = argument.firstIndex(of: "=") {
                name = String(argument[..<eq])
                value = String(argument[argument.index(after: eq)...])
                i += 1
            } else {
                name = argument
                guard i + 1 < arguments.count else { throw ValidationError("\(argument) needs a value") }
                value = arguments[i + 1]
                i += 2
            }
            guard let key = ConfigKey.all.first(where: { $0.flag == name }) else {
                throw ValidationError("unknown option \(name) (settings: \(ConfigKey.all.map(\.flag).joined(separator: " ")))")
            }
            out.append(ConfigOverride(key, value))
        }
        return out
    }

    /// Help text listing every override with its environment variable.
    static var help: String {
        "Settings (each overrides the file; the environment variable overrides the file too, the flag wins):\n"
            + ConfigKey.all.map { "  \($0.flag) VALUE  (\($0.environmentVariable))\n      \($0.help)" }.joined(separator: "\n")
    }
}
