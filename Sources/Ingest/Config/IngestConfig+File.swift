import Foundation

extension IngestConfig {
    /// Loads the configuration at start-up: the file at `path` (JSON when it ends in `.json`, else the TOML
    /// subset; nil = defaults only), then the `LAKE_INGEST_*` variables of `environment`, then `flags`.
    public static func load(path: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                            flags: [ConfigOverride] = []) throws(ConfigError) -> IngestConfig {
        var text = ""
        if let path {
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw .unreadable(path: path, reason: error.localizedDescription)
            }
        }
        let json = path?.lowercased().hasSuffix(".json") == true
        return try parse(json && text.isEmpty ? "{}" : text, json: json,
                         overrides: ConfigOverride.fromEnvironment(environment) + flags)
    }
}
