import Foundation
import Testing

/// Exit status 2 for usage errors, 1 for failures, and a message on standard error that names the problem.
@Suite struct FailureTests {
    @Test func usageErrorsExitWithTwo() throws {
        let f = try Fixture.table()
        defer { f.remove() }
        var g = Golden("usage-errors", runner: f.runner)
        for args in [["frobnicate"], ["show"], ["show", "./t", "--limit", "x"], ["show", "./t", "--where", "age >"],
                     ["show", "./t", "--where", "nope = 1"], ["show", "./t", "--where", "joined > 5"],
                     ["show", "./t", "--where", "age = 1 and (city = 'x'"], ["show", "./t", "--where", "name = 'open"],
                     ["show", "./t", "--where", "age = null"], ["show", "./t", "--columns", "id,nope"],
                     ["show", "./t", "--version", "1", "--timestamp", "0"], ["update", "./t", "--set", "age='x'"],
                     ["update", "./t", "--where", "id = 1"], ["create", "./u"], ["vacuum", "./t", "--retain", "soon"],
                     ["merge", "./t", "changes.csv", "--key", "id", "--delete-where", "gone ="]] {
            let r = try g.run(args, withStderr: true)
            #expect(r.status == 2, "deltalog \(args.joined(separator: " ")): \(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        try g.check()
    }

    @Test func failuresExitWithOne() throws {
        let f = try Fixture.table()
        defer { f.remove() }
        var g = Golden("failures", runner: f.runner)
        let cases: [([String], String)] = [
            (["describe", "./missing"], "missing: no such table"),
            (["describe", "db.missing"], "db.missing: no such table"),
            (["show", "./t", "--version", "9"], "version 9 is not available"),
            (["append", "./t", "nothere.ndjson"], "nothere.ndjson: cannot read the file"),
            (["create", "./t", "--column", "a:int64"], "the table already exists"),
            (["inspect-file", "nothere.slc"], "nothere.slc"),
            (["vacuum", "./t", "--retain", "1h"], "shorter than the minimum"),
        ]
        for (args, message) in cases {
            let r = try g.run(args, withStderr: true)
            #expect(r.status == 1, "deltalog \(args.joined(separator: " "))")
            #expect(r.stderr.contains(message), "\(r.stderr)")
        }
        let badInput = try g.run(["append", "./t", "-"], stdin: "{\"id\": 1}\n{\"id\": oops}\n", withStderr: true)
        #expect(badInput.status == 1)
        #expect(badInput.stderr.contains("standard input: line 2: JSON"))
        try g.check()
    }

    /// A commit file with a line that is not a valid action: every command that reads the log fails with
    /// the file and line; verify lists it as a fault.
    @Test func corruptLogLine() throws {
        let f = try Fixture.table()
        defer { f.remove() }
        let commit = f.directory + "/t/_delta_log/00000000000000000002.json"
        var text = try String(contentsOfFile: commit, encoding: .utf8)
        text += "{\"add\": {\"path\": 7}}\n"
        try text.write(toFile: commit, atomically: true, encoding: .utf8)
        let lines = text.split(separator: "\n").count
        let r = f.runner
        for args in [["describe", "./t"], ["show", "./t"], ["history", "./t"]] {
            let result = try r.run(args)
            #expect(result.status == 1)
            #expect(result.stderr.contains("_delta_log/00000000000000000002.json line \(lines): add.path"), "\(result.stderr)")
        }
        let verify = try r.run(["verify", "./t"])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("FAULT _delta_log/00000000000000000002.json: bad commit: _delta_log/00000000000000000002.json line \(lines)"),
                "\(verify.stdout)")
        #expect(verify.stderr.contains("verification found 1 fault"))
    }

    /// A data file deleted behind the log's back: verify names it, reading it fails naming it.
    @Test func missingDataFile() throws {
        let f = try Fixture.table()
        defer { f.remove() }
        let path = try Self.livePath(f, partition: "city=rome/")
        let name = String(path.dropFirst("city=rome/".count))
        try FileManager.default.removeItem(atPath: f.directory + "/t/" + path)
        let verify = try f.runner.run(["verify", "./t", "--json"])
        #expect(verify.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any])
        let faults = try #require(report["faults"] as? [[String: Any]])
        #expect(faults.count == 1)
        #expect(faults.first?["path"] as? String == "city=rome/" + name)
        #expect(faults.first?["kind"] as? String == "missing file")
        let show = try f.runner.run(["show", "./t"])
        #expect(show.status == 1)
        #expect(show.stderr.contains(name))
        // Files that are fine still read: the other partitions.
        #expect(try f.runner.run(["show", "./t", "--where", "city = 'london'"]).status == 0)
    }

    /// A commit file missing in the middle of the log, and a damaged checkpoint: verify lists both.
    @Test func logGapAndBadCheckpoint() throws {
        let f = try Fixture.table()
        defer { f.remove() }
        #expect(try f.runner.run(["checkpoint", "./t"]).status == 0)
        let log = f.directory + "/t/_delta_log/"
        let checkpoint = log + "00000000000000000003.checkpoint.slc"
        var bytes = try #require(FileManager.default.contents(atPath: checkpoint))
        bytes[bytes.count / 2] ^= 0x55
        try bytes.write(to: URL(fileURLWithPath: checkpoint))
        // Readers fall back to the commits, so only verify notices.
        #expect(try f.runner.run(["show", "./t"]).status == 0)
        #expect(try faults(f) == ["_delta_log/00000000000000000003.checkpoint.slc bad checkpoint"])
        try FileManager.default.removeItem(atPath: checkpoint)
        try FileManager.default.removeItem(atPath: log + "00000000000000000001.json")
        let gap = try faults(f)
        #expect(gap.first == "_delta_log/00000000000000000001.json bad commit", "\(gap)")
    }

    private func faults(_ f: Fixture) throws -> [String] {
        let verify = try f.runner.run(["verify", "./t", "--json"])
        #expect(verify.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any])
        return try #require(report["faults"] as? [[String: Any]]).map { "\($0["path"] ?? "") \($0["kind"] ?? "")" }
    }

    /// Deletion vectors kept in files (the table property puts every one in a file): a missing one is a
    /// fault of the data file it belongs to, and reading that file fails naming the vector.
    @Test func missingDeletionVectorFile() throws {
        let f = try Fixture.inputs()
        defer { f.remove() }
        let r = f.runner
        #expect(try r.run(["create", "./d", "--from", "people.ndjson", "--property", "swiftlake.deletionVectors.inlineThreshold=0"]).status == 0)
        #expect(try r.run(["delete", "./d", "--where", "id = 2"]).status == 0)
        let files = try r.run(["files", "./d", "--json"])
        #expect(files.stdout.contains(#""deletion_vector":{"storage_type":"u""#), "\(files.stdout)")
        #expect(try r.run(["verify", "./d"]).status == 0)
        let dv = try #require(try FileManager.default.contentsOfDirectory(atPath: f.directory + "/d").first { $0.hasPrefix("deletion_vector_") })
        try FileManager.default.removeItem(atPath: f.directory + "/d/" + dv)
        let verify = try r.run(["verify", "./d"])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("bad deletion vector: deletion vector \(dv)"), "\(verify.stdout)")
        let show = try r.run(["show", "./d"])
        #expect(show.status == 1)
        #expect(show.stderr.contains(dv), "\(show.stderr)")
    }

    /// A data file whose bytes are damaged (same size): verify reports it through the page checksums.
    @Test func damagedDataFile() throws {
        let f = try Fixture.table()
        defer { f.remove() }
        let live = try Self.livePath(f, partition: "city=paris/")
        let name = String(live.dropFirst("city=paris/".count))
        let path = f.directory + "/t/" + live
        var bytes = try #require(FileManager.default.contents(atPath: path))
        bytes[12] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: path))
        let verify = try f.runner.run(["verify", "./t"])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("FAULT city=paris/\(name): unreadable data"), "\(verify.stdout)")
    }

    /// The live data file of a partition, from `files --json` (the directory also holds removed files).
    static func livePath(_ f: Fixture, partition: String) throws -> String {
        let r = try f.runner.run(["files", "./t", "--json"])
        let files = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        return try #require(files.compactMap { $0["path"] as? String }.first { $0.hasPrefix(partition) })
    }
}
