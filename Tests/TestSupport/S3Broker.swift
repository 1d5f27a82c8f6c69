import Foundation

/// A broker of its own for one test, started by scripts/kafka-s3.sh: Tansu on the s3 storage engine against a
/// loopback moto server, so the log survives killing and restarting the broker on the same port.
public struct S3Broker: Sendable {
    public let directory: String
    public let address: String

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../scripts/kafka-s3.sh").standardizedFileURL.path

    public struct ScriptFailed: Error, CustomStringConvertible {
        public let command: String
        public let stderr: String
        public var description: String { "scripts/kafka-s3.sh \(command) failed: \(stderr)" }
    }

    /// Starts moto and the broker, or returns nil (after printing why) when a prerequisite is missing
    /// under plain `swift test`; under scripts/test and CI a missing prerequisite throws.
    public static func start(_ test: String = #function) async throws -> S3Broker? {
        guard try TestServices.kafka(test) != nil else { return nil }
        let directory = (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp") + "/swiftlake-kafka-s3-\(UUID().uuidString)"
        let outcome = try await Subprocess.run(["bash", script, "start", directory])
        if outcome.status == 3 && !TestServices.required {
            print("SKIP \(test): \(outcome.stderr.trimmingCharacters(in: .whitespacesAndNewlines)) (scripts/test installs it)")
            return nil
        }
        guard outcome.status == 0,
              let line = outcome.stdout.split(separator: "\n").first(where: { $0.hasPrefix("KAFKA=") }) else {
            _ = try? Subprocess.runBlocking(["bash", script, "stop", directory])
            throw ScriptFailed(command: "start", stderr: outcome.stderr)
        }
        return S3Broker(directory: directory, address: String(line.dropFirst("KAFKA=".count)))
    }

    /// SIGKILL: the broker gets no chance to finish anything in flight.
    public func kill() async throws { try await run("kill-broker") }

    /// The broker again, on the same port and bucket.
    public func restart() async throws { try await run("start-broker") }

    /// Stops moto and the broker; the data is gone afterwards (blocking: it runs from a `defer`).
    public func stop() { _ = try? Subprocess.runBlocking(["bash", Self.script, "stop", directory]) }

    private func run(_ command: String) async throws {
        let outcome = try await Subprocess.run(["bash", Self.script, command, directory])
        guard outcome.status == 0 else { throw ScriptFailed(command: command, stderr: outcome.stderr) }
    }
}
