import Foundation
import TestSupport
import Testing

/// `--metastore postgresql://...`: the same commands against the Hive metastore in PostgreSQL.
@Suite struct CatalogServiceTests {
    @Test func postgresCatalog() throws {
        guard let pg = try TestServices.postgres() else { return }
        let f = try Fixture.inputs()
        defer { f.remove() }
        let r = f.runner
        let db = "cli_\(UUID().uuidString.prefix(8).lowercased())"
        let created = try r.run(["create", "\(db).people", "--from", "people.ndjson", "--partition-by", "city", "--metastore", pg])
        #expect(created.status == 0, "\(created.stderr)")
        let tables = try r.run(["tables", db, "--json", "--metastore", pg])
        #expect(tables.status == 0, "\(tables.stderr)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(tables.stdout.utf8)) as? [[String: Any]])
        #expect(list.map { $0["table"] as? String } == ["people"])
        #expect(list.first?["location"] as? String == "file:" + f.directory + "/lakehouse/\(db)/people")
        #expect(list.first?["version"] as? Int == 1)
        let shown = try r.run(["show", "\(db).people", "--where", "city = 'london'", "--columns", "id", "--format", "csv", "--metastore", pg])
        #expect(shown.stdout == "id\n1\n3\n", "\(shown.stderr)")
        let merged = try r.run(["merge", "\(db).people", "changes.csv", "--key", "id", "--metastore", pg])
        #expect(merged.status == 0, "\(merged.stderr)")
        // The merge added a column: the catalog's schema follows the table's.
        let after = try r.run(["tables", db, "--columns", "--json", "--metastore", pg])
        #expect(after.stdout.contains(#"{"name":"gone","type":"boolean","nullable":true}"#), "\(after.stdout)")
        #expect(try r.run(["describe", "\(db).nothere", "--metastore", pg]).status == 1)
        #expect(try r.run(["unregister", "\(db).people", "--metastore", pg]).status == 0)
    }
}
