import Foundation
import Testing

/// Golden output of the read-only commands on the fixture table, as text and as JSON.
@Suite struct ReadCommandTests {
    @Test func describeHistoryFiles() throws {
        let f = try Fixture.table()
        defer { f.remove() }
        var g = Golden("describe-history-files", runner: f.runner)
        try g.run(["describe", "./t"])
        try g.run(["describe", "./t", "--json"])
        try g.run(["describe", "./t", "--version", "1"])
        try g.run(["history", "./t"])
        try g.run(["history", "./t", "--limit", "2", "--json"])
        try g.run(["files", "./t"])
        try g.run(["files", "./t", "--json"])
        try g.run(["files", "./t", "--version", "1"])
        try g.check()
    }

    @Test func showAndStats() throws {
        let f = try Fixture.table()
        defer { f.remove() }
        var g = Golden("show-stats", runner: f.runner)
        try g.run(["show", "./t"])
        try g.run(["show", "./t", "--where", "age >= 33 or name in ('cy', 'eve')", "--columns", "name,age,score"])
        try g.run(["show", "./t", "--where", "age is null", "--version", "1"])
        try g.run(["show", "./t", "--where", "joined < '2024-03-01' and not city = 'paris'", "--format", "csv"])
        try g.run(["show", "./t", "--json", "--limit", "2"])
        try g.run(["show", "./t", "--timestamp", "2999-01-01T00:00:00Z", "--columns", "id", "--format", "csv"])
        try g.run(["stats", "./t"])
        try g.run(["stats", "./t", "--json"])
        try g.run(["stats", "./t", "--scan"])
        try g.run(["stats", "./t", "--scan", "--json"])
        try g.check()
    }

    @Test func diffAndVerify() throws {
        let f = try Fixture.table()
        defer { f.remove() }
        var g = Golden("diff-verify", runner: f.runner)
        try g.run(["diff", "./t", "1", "3"])
        try g.run(["diff", "./t", "1", "3", "--json"])
        try g.run(["diff", "./t", "2", "3"])
        try g.run(["verify", "./t"], withStderr: true)
        try g.run(["verify", "./t", "--json"])
        try g.check()
    }

    /// Sizes and row counts in `files --json` are the real ones, not just plausible numbers.
    @Test func filesReportsTheRealSizes() throws {
        let f = try Fixture.table()
        defer { f.remove() }
        let r = try f.runner.run(["files", "./t", "--json"])
        #expect(r.status == 0)
        let files = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(files.count == 3)
        for file in files {
            let path = try #require(file["path"] as? String)
            let attributes = try FileManager.default.attributesOfItem(atPath: f.directory + "/t/" + path)
            #expect((attributes[.size] as? NSNumber)?.intValue == file["size"] as? Int)
        }
        let london = try #require(files.first { ($0["path"] as? String)?.hasPrefix("city=london/") == true })
        #expect(london["rows"] as? Int == 2)
        #expect(london["deleted_rows"] as? Int == 1)
    }

    /// Standard output of `show --format csv` is exactly the rows, so it can be piped on.
    @Test func csvIsExact() throws {
        let f = try Fixture.table()
        defer { f.remove() }
        let r = try f.runner.run(["show", "./t", "--columns", "id,name,joined,score", "--where", "id <= 2", "--format", "csv"])
        #expect(r.status == 0)
        #expect(r.stdout == "id,name,joined,score\n1,ada,2024-01-05,1.5\n2,bob,2024-02-11,2.5\n")
    }
}
