import ArgumentParser
import DeltaLog

/// Time travel: which version of the table a read command looks at (default the latest).
struct VersionOptions: ParsableArguments {
    @Option(name: .customLong("version"), help: "Read this version of the table.")
    var version: Int64?

    @Option(help: "Read the version current at this time (ISO 8601, or milliseconds since the epoch).",
            transform: TimeText.parseMillis)
    var timestamp: Int64?

    func validate() throws {
        if version != nil && timestamp != nil { throw ValidationError("give --version or --timestamp, not both") }
        if let version, version < 0 { throw ValidationError("--version must be 0 or more") }
    }

    func snapshot(of location: TableLocation) throws -> Snapshot {
        try location.run { t throws(DeltaLogError) in
            if let version { return try t.snapshot(version: version) }
            if let timestamp { return try t.snapshot(timestamp: timestamp) }
            return try t.snapshot()
        }
    }
}
