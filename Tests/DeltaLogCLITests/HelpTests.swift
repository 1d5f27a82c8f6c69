import Foundation
import Testing

/// Every command answers --help with its usage, on standard output, with exit status 0.
@Suite struct HelpTests {
    static let commands = ["tables", "describe", "history", "files", "show", "stats", "create", "append", "merge", "delete",
                           "update", "inspect-file", "verify", "optimize", "vacuum", "checkpoint", "restore", "diff",
                           "register", "unregister"]

    @Test func everyCommandHasHelp() throws {
        let f = try Fixture.inputs()
        defer { f.remove() }
        let top = try f.runner.run(["--help"])
        #expect(top.status == 0)
        for c in Self.commands {
            #expect(top.stdout.contains("  \(c) "), "deltalog --help does not list \(c)")
            let r = try f.runner.run([c, "--help"])
            #expect(r.status == 0, "\(c) --help")
            #expect(r.stdout.contains("USAGE: deltalog \(c)"), "\(c) --help: \(r.stdout)")
            #expect(r.stderr.isEmpty)
        }
    }
}
