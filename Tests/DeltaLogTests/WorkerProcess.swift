import Testing
import TestSupport
import Foundation
@testable import DeltaLog

/// Multi-process tests re-run this test binary with `DELTALOG_WORKER=<role>` and a filter selecting this
/// suite; the worker then acts on the table at `DELTALOG_TABLE` and reports on stdout, one line per event.
/// Under a normal run the suite is disabled.
@Suite(.enabled(if: WorkerRole.current != nil))
struct WorkerProcess {
    static var env: [String: String] { ProcessInfo.processInfo.environment }

    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func report(_ r: Result<CommitResult, DeltaLogError>) -> String {
        switch r {
        case let .success(c): return "ok \(c.version)"
        case let .failure(.conflict(c)): return "conflict \(c.kind.rawValue) \(c.winnerVersion)"
        case let .failure(e): return "error \(e)"
        }
    }

    @Test func work() throws {
        let role = try #require(WorkerRole.current)
        let table = DeltaTable(path: try #require(Self.env["DELTALOG_TABLE"]))
        switch role {
        case "append":
            // Appends three rows per commit, forever, until killed.
            Self.say("ready")
            while true {
                let r = try table.append([try LogFixtures.rows(ids: (0..<3).map { _ in Int64.random(in: 0...Int64.max) }, name: "a")])
                Self.say("committed \(r.version)")
            }
        case "overwrite":
            // Replaces the table with three rows naming the generation, which the same commit records as a txn.
            Self.say("ready")
            var generation = (try table.snapshot().transactionVersion(appId: "worker") ?? 0) + 1
            while true {
                let rows = try LogFixtures.rows(ids: [1, 2, 3], name: "gen-\(generation)")
                let r = try table.overwrite([rows], options: WriteOptions(transaction: (appId: "worker", version: generation)))
                Self.say("committed \(r.version)")
                generation += 1
            }
        default:
            // "op:<name>": stage one conflict-matrix operation on the version-1 snapshot, wait for the go file,
            // commit, and report the outcome.
            guard role.hasPrefix("op:"), let op = ConflictTests.Op(rawValue: String(role.dropFirst(3))) else {
                Issue.record("unknown worker role \(role)")
                return
            }
            var tx = try table.startTransaction(on: try table.snapshot(version: 1))
            try ConflictTests.stage(op, &tx, tag: "p\(getpid())")
            Self.say("ready")
            let go = try #require(Self.env["DELTALOG_GO"])
            while !FileManager.default.fileExists(atPath: go) { usleep(500) }
            Self.say(Self.report(Result { () throws(DeltaLogError) in try tx.commit(operation: op.rawValue) }))
        }
    }
}

enum WorkerRole {
    /// The role this process plays, or nil in the normal test run.
    static var current: String? { ProcessInfo.processInfo.environment["DELTALOG_WORKER"] }
}

/// A worker child process with its stdout read line by line.
final class WorkerChild {
    let process = Process()
    private let pipe = Pipe()
    private var buffer = Data()

    /// `suite` is the worker suite to run and `roleVariable` the environment variable that enables it.
    init(role: String, table: String, extra: [String: String] = [:], suite: String = "WorkerProcess",
         roleVariable: String = "DELTALOG_WORKER") throws {
        process.executableURL = URL(fileURLWithPath: Self.testBinary)
        process.arguments = ["--testing-library", "swift-testing", "--filter", suite]
        var env = ProcessInfo.processInfo.environment
        env[roleVariable] = role
        env["DELTALOG_TABLE"] = table
        for (k, v) in extra { env[k] = v }
        process.environment = env
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    static var testBinary: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// The next line the worker printed that starts with one of the worker's report words, or nil at EOF.
    func nextLine() -> String? {
        while true {
            if let nl = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[buffer.startIndex..<nl], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...nl)
                if ["ready", "committed", "ok", "conflict"].contains(where: { line.hasPrefix($0) }) { return line }
                continue
            }
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
        }
    }

    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
