import Foundation

/// Addresses of the real services that `scripts/test` starts, read from the environment.
///
/// Under plain `swift test` (variables absent) a service test prints why it skips and returns.
/// Under `scripts/test` or CI (`SWIFTLAKE_REQUIRE_SERVICES=1` or `CI=true`) a missing variable is an error,
/// so a broken CI set-up can never pass by skipping.
public enum TestServices {
    public struct Missing: Error, CustomStringConvertible {
        public let variable: String
        public var description: String { "\(variable) is not set, but this run requires the service" }
    }

    /// Whether this run must have every service.
    public static var required: Bool {
        let env = ProcessInfo.processInfo.environment
        return env["SWIFTLAKE_REQUIRE_SERVICES"] == "1" || env["CI"] == "true"
    }

    /// The PostgreSQL URL (`SWIFTLAKE_TEST_PG`), or nil to skip.
    public static func postgres(_ test: String = #function) throws -> String? {
        try lookup("SWIFTLAKE_TEST_PG", test)
    }

    /// The Kafka bootstrap address `host:port` (`SWIFTLAKE_TEST_KAFKA`), or nil to skip.
    public static func kafka(_ test: String = #function) throws -> String? {
        try lookup("SWIFTLAKE_TEST_KAFKA", test)
    }

    private static func lookup(_ variable: String, _ test: String) throws -> String? {
        if let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty { return value }
        if required { throw Missing(variable: variable) }
        print("SKIP \(test): \(variable) is not set (run scripts/test to start the service)")
        return nil
    }
}

/// A fresh empty directory under the system temp dir, removed by `remove()`.
public struct TemporaryDirectory: ~Copyable {
    public let path: String

    public init(_ label: String = "swiftlake") throws {
        let base = (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp") + "/\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = base
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Deterministic pseudo-random bytes (SplitMix64) so failures reproduce.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
