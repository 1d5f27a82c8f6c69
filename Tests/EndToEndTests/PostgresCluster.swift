import Foundation
import TestSupport

/// A throwaway PostgreSQL cluster of one test (initdb + pg_ctl in a temporary directory, trust auth, loopback,
/// a free port), so the test can stop and restart it without touching the shared one. Run as `postgres` when the
/// tests run as root, as scripts/services.sh does.
final class PostgresCluster {
    let dir: TemporaryDirectory
    let port: Int
    private let bindir: String
    private var running = false

    var url: String { "postgresql://postgres@127.0.0.1:\(port)/postgres" }
    private var data: String { dir.path + "/data" }

    init() throws {
        dir = try TemporaryDirectory("e2e-pg")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let newest = versions.compactMap(Int.init).max() else {
            throw E2EError.setup("no PostgreSQL server under /usr/lib/postgresql (scripts/services.sh installs it)")
        }
        bindir = "/usr/lib/postgresql/\(newest)/bin"
        port = try Self.freePort()
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: dir.path)
        try run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])
        try start()
    }

    func start() throws {
        try run("pg_ctl", ["-D", data, "-l", dir.path + "/server.log", "-w", "-t", "60", "-o",
                           "-p \(port) -k \(dir.path) -c listen_addresses=127.0.0.1 -c fsync=off", "start"])
        running = true
    }

    /// A fast shutdown: clients are disconnected, new connections refused until `start()`.
    func stop() throws {
        try run("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "60", "stop"])
        running = false
    }

    deinit {
        if running { _ = try? run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "-t", "30", "stop"]) }
    }

    /// Runs a PostgreSQL tool with its output appended to `tools.log`, through posix_spawn and waitpid: the server
    /// that `pg_ctl start` leaves behind inherits the spawner's descriptors, and Foundation's `Process` then never
    /// sees its child end.
    private func run(_ tool: String, _ arguments: [String]) throws {
        let log = dir.path + "/tools.log"
        let path = bindir + "/" + tool
        let argv = (getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--", path] : [path]) + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var cArgs = argv.map { strdup($0) }
        defer { for a in cArgs { free(a) } }
        cArgs.append(nil)
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, cArgs, environ)
        guard rc == 0 else { throw E2EError.setup("cannot run \(tool): errno \(rc)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // Exited normally with status 0 (the wait status layout: low 7 bits signal, next 8 bits exit code).
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw E2EError.setup("\(tool) failed (wait status \(status)): \(LakeIngestProcess.tail(log, lines: 10))")
        }
    }

    private static func freePort() throws -> Int {
        let out = try Fixture.runTool(ProcessInfo.processInfo.environment["PYTHON"] ?? "python3", ["-c",
            "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1]); s.close()"])
        guard let port = Int(out.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw E2EError.setup("no free port: \(out)")
        }
        return port
    }
}
