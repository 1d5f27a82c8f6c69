import Foundation
import Testing
import DeltaLog

/// `deltalog convert`: the fixture's native table (with a deletion vector) to Parquet and back.
@Suite struct ConvertCommandTests {
    @Test func convertsBothWaysAndKeepsHistory() throws {
        let f = try Fixture.table()
        defer { f.remove() }
        let table = DeltaTable(path: f.directory + "/t")
        func rows(_ version: Int64? = nil) throws -> [String] {
            try table.scan(version: version).rows().map { "\($0["id"] ?? .null) \($0["name"] ?? .null) \($0["city"] ?? .null)" }.sorted()
        }
        let before = try rows()
        #expect(try table.snapshot().fileFormat == .native)
        #expect(try table.snapshot().files.contains { $0.deletionVector != nil })

        let r = try f.runner.run(["convert", "./t", "--to", "parquet", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONParser.parse(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(json["format"] == .string("parquet"))
        #expect(json["version"] == .int(4))
        #expect(json["rows"] == .int(Int64(before.count)))
        #expect(json["files_added"] == .int(3))
        #expect(try table.snapshot().fileFormat == .parquet)
        #expect(try table.snapshot().files.allSatisfy { $0.path.hasSuffix(".parquet") && $0.deletionVector == nil })
        #expect(try rows() == before)
        #expect(try rows(3) == before)

        let again = try f.runner.run(["convert", "./t", "--to", "parquet"])
        #expect(again.status == 0)
        #expect(again.stdout.hasSuffix("/t already has parquet data files: nothing to do\n"))

        let back = try f.runner.run(["convert", "./t", "--to", "native", "--bloom-filter", "id"])
        #expect(back.status == 0, "\(back.stderr)")
        #expect(back.stdout.contains("/t to native: 3 files ("))
        #expect(back.stdout.hasSuffix("; version 5\n"))
        #expect(try rows() == before)
        #expect(try table.snapshot().fileFormat == .native)

        let bad = try f.runner.run(["convert", "./t", "--to", "orc"])
        #expect(bad.status == 2)
    }

    /// A catalog table's registration follows: provider `delta` once its files are Parquet.
    @Test func catalogEntryFollowsTheFormat() throws {
        let f = try Fixture.inputs()
        defer { f.remove() }
        func provider() throws -> JSONValue? {
            let r = try f.runner.run(["tables", "sales", "--json"])
            #expect(r.status == 0, "\(r.stderr)")
            return try JSONParser.parse(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)).arrayValue?.first?["format"]
        }
        #expect(try f.runner.run(["create", "sales.people", "--from", "people.ndjson", "--partition-by", "city"]).status == 0)
        #expect(try provider() == .string("swiftlake"))
        let r = try f.runner.run(["convert", "sales.people", "--to", "parquet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try provider() == .string("delta"))
    }
}
