import Foundation
import Testing

/// A real `lake-ingest run` child process (the binary built next to this test bundle), its stdout and stderr
/// appended to one log file per test so a failure can show what the service said.
final class LakeIngestProcess {
    let process = Process()
    let logPath: String

    /// Starts `lake-ingest run --config <config> --log-level debug [--once]`.
    init(config: String, log: String, once: Bool = false) throws {
        logPath = log
        if !FileManager.default.fileExists(atPath: log) { _ = FileManager.default.createFile(atPath: log, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: log) else { throw E2EError.setup("cannot open \(log)") }
        handle.seekToEndOfFile()
        handle.write(Data("=== lake-ingest run\(once ? " --once" : "") at \(Date())\n".utf8))
        process.executableURL = URL(fileURLWithPath: try Self.binary())
        process.arguments = ["run", "--config", config, "--log-level", "debug"] + (once ? ["--once"] : [])
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try handle.close()
    }

    var pid: Int32 { process.processIdentifier }

    /// The `lake-ingest` executable in the build directory of this test bundle.
    static func binary() throws -> String {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: me).deletingLastPathComponent()
        // On Linux the test binary sits in the products directory; inside an .xctest bundle go up to it.
        while dir.path != "/", !FileManager.default.fileExists(atPath: dir.appendingPathComponent("lake-ingest").path),
              dir.path.contains(".xctest") {
            dir = dir.deletingLastPathComponent()
        }
        let path = dir.appendingPathComponent("lake-ingest").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw E2EError.setup("no lake-ingest executable at \(path); build the package first (swift build)")
        }
        return path
    }

    /// SIGKILL: no cleanup of any kind, as a crash or an OOM kill.
    func kill9() {
        kill(pid, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then waits for the exit; nil if it did not exit within `seconds` (it is then killed).
    func terminate(within seconds: Double = 60) async -> Int32? {
        kill(pid, SIGTERM)
        return await waitForExit(within: seconds)
    }

    /// Waits for the process to exit by itself; nil if it did not within `seconds` (it is then killed).
    /// It sleeps as a task between checks: a blocking wait would hold one of the few threads every running
    /// test shares, for as long as the child runs.
    func waitForExit(within seconds: Double) async -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { try? await Task.sleep(nanoseconds: 20_000_000) }
        if process.isRunning {
            kill9()
            return nil
        }
        return process.terminationStatus
    }

    /// The last `lines` lines of the log (for failure messages).
    static func tail(_ log: String, lines: Int = 40) -> String {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    /// Log lines containing `needle`.
    static func lines(_ log: String, containing needle: String) -> [String] {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { $0.contains(needle) }.map(String.init)
    }
}

enum E2EError: Error, CustomStringConvertible {
    case setup(String)
    case timeout(String)

    var description: String {
        switch self {
        case .setup(let m): return "setup: \(m)"
        case .timeout(let m): return "timeout: \(m)"
        }
    }
}
