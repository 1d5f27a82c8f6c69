import Columnar
import DeltaLog
import Foundation
import Metastore
import Testing

/// The catalog kept in line with a real Delta table as its schema evolves.
@Suite struct DeltaSyncTests {
    @Test(arguments: Backend.allCases)
    func registerAndSyncAfterEvolution(_ backend: Backend) throws {
        guard let scratch = try Scratch(backend) else { return }
        let ms = try scratch.open()
        let path = scratch.warehouse + "/commcare/d/case-sql/household"
        let table = DeltaTable(path: path)
        let schema = try Schema(columns: [("_id", .string, false), ("month", .date, true), ("visits", .int32, true), ("form", .json, true)])
        try table.create(DeltaLog.TableDefinition(schema: schema, partitionColumns: ["month"], columnarFiles: false))

        let registered = try ms.sync("default", "household", deltaTableAt: path)
        #expect(registered.format == .parquet)
        #expect(registered.deltaVersion == 0)
        #expect(registered.location == "file:" + path)
        #expect(registered.columns == [
            CatalogColumn(name: "_id", type: .string, nullable: false), CatalogColumn(name: "visits", type: .int),
            CatalogColumn(name: "form", type: .string), CatalogColumn(name: "month", type: .date),
        ])
        #expect(registered.partitionColumns == ["month"])

        try table.renameColumn("visits", to: "visit_count")
        try table.dropColumn("form")
        let synced = try ms.sync("default", "household", deltaTableAt: path)
        #expect(synced.deltaVersion == 2)
        #expect(synced.columns.map(\.name) == ["_id", "visit_count", "month"])
        #expect(try ms.table("default", "household") == synced)
        #expect(synced.createTime == registered.createTime)
    }

    @Test func missingTableIsATypedError() throws {
        guard let scratch = try Scratch(.file) else { return }
        let ms = try scratch.open()
        #expect(throws: CatalogSyncError.self) { try ms.sync("default", "nothing", deltaTableAt: scratch.warehouse + "/none") }
        #expect(try ms.tables(in: "default") == [])
    }
}
