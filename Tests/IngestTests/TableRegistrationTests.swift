import Columnar
import Metastore
import Testing
@testable import Ingest

@Suite struct TableRegistrationTests {
    @Test func definitionsAreValidCatalogEntries() throws {
        let table = TableIdentity(domain: "inp-dashboard", topic: .cases, subtype: "child_care")
        let schema = try Schema(columns: [("_id", .string, true), ("month", .date, true), ("supervisor_id", .string, true),
                                          ("props", .json, true)])
        let d = table.tableDefinition(database: "commcare", warehouse: "/lake", schema: schema,
                                      partitionColumns: ["month", "supervisor_id", "absent"])
        #expect(d.name == "inp_dashboard_case_sql_child_care")
        #expect(d.location == "/lake/commcare/inp-dashboard/case-sql/child_care")
        #expect(d.partitionColumns == ["month", "supervisor_id"])
        #expect(d.columns.map(\.name) == ["_id", "month", "supervisor_id", "props"])
        #expect(d.columns.map(\.type) == [.string, .date, .string, .string])
        try Identifier.validate(d.name)

        // Very long domains and subtypes still give valid, distinct catalog names.
        let long1 = TableIdentity(domain: String(repeating: "d", count: 200), topic: .forms, subtype: String(repeating: "x", count: 300))
        let long2 = TableIdentity(domain: String(repeating: "d", count: 200), topic: .forms, subtype: String(repeating: "x", count: 301))
        #expect(long1.tableName.count <= 128 && long1.tableName != long2.tableName)
        try Identifier.validate(long1.tableName)
        for evil in ["../x", "A B;C", "ünï", ""] {
            try Identifier.validate(TableIdentity(domain: evil, topic: .cases, subtype: evil).tableName)
        }
    }
}
