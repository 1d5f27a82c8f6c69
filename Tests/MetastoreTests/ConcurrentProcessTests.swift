import Foundation
import Metastore
import Testing

/// Several real processes create the same tables at once. The child processes are this test binary run
/// again with `SWIFTLAKE_MS_WORKER` set, filtered to `workerProcessEntry`, which does the worker's job.
@Suite struct ConcurrentProcessTests {
    static let processes = 8
    static let tables = 50

    @Test(arguments: Backend.allCases)
    func eightProcessesCreateTheSameFiftyTables(_ backend: Backend) throws {
        guard let scratch = try Scratch(backend) else { return }
        let ms = try scratch.open()
        try ms.createDatabase("lake")
        var children: [Process] = []
        for _ in 0..<Self.processes {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/proc/self/exe")
            p.arguments = ["--testing-library", "swift-testing", "--filter", "workerProcessEntry"]
            var env = ProcessInfo.processInfo.environment
            env["SWIFTLAKE_MS_WORKER"] = [backend.rawValue, scratch.warehouse, scratch.url ?? ""].joined(separator: "\n")
            p.environment = env
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            children.append(p)
        }
        for p in children { try p.run() }
        for p in children { p.waitUntilExit() }
        #expect(children.allSatisfy { $0.terminationStatus == 0 }, "a worker reported an error: \(children.map(\.terminationStatus))")
        let names = try ms.tables(in: "lake")
        #expect(names == (0..<Self.tables).map { String(format: "t%02d", $0) })
        for name in names { #expect(try ms.table("lake", name).location == "file:/w/\(name)") }
    }

    /// The child process's job; returns at once in a normal test run.
    @Test func workerProcessEntry() throws {
        guard let spec = ProcessInfo.processInfo.environment["SWIFTLAKE_MS_WORKER"] else { return }
        let parts = spec.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let backend = Backend(rawValue: parts[0]) else {
            Issue.record("bad SWIFTLAKE_MS_WORKER")
            return
        }
        let ms: any Metastore = backend == .file
            ? try FileMetastore(warehouse: parts[1])
            : try PostgresMetastore(parts[2], warehouse: parts[1])
        // Each worker walks the names from a different starting point so creates really overlap.
        let start = Int(getpid()) % Self.tables
        for k in 0..<Self.tables {
            let name = String(format: "t%02d", (start + k) % Self.tables)
            let table = try ms.createTableIfAbsent(sampleDefinition("lake", name, location: "/w/\(name)"))
            #expect(table.name == name)
        }
    }
}
