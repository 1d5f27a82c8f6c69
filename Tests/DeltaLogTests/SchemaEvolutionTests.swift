import Testing
import TestSupport
import Columnar
@testable import DeltaLog

@Suite struct SchemaEvolutionTests {
    static func batch(_ columns: [(String, DataType)], _ rows: [[Value]]) throws -> RecordBatch {
        var b = RecordBatchBuilder(schema: try Schema(columns: columns.map { ($0.0, $0.1, true) }))
        for r in rows { try b.append(row: r) }
        return try b.finish()
    }

    func table(_ dir: borrowing TemporaryDirectory, properties: [String: String] = [:]) throws -> DeltaTable {
        let t = DeltaTable(path: dir.path)
        try t.create(TableDefinition(schema: try Schema(columns: [("id", .int32, true), ("d", .date, true), ("f", .float32, true), ("k", .string, true)]),
                                     partitionColumns: ["k"], properties: properties))
        try t.append([try Self.batch([("id", .int32), ("d", .date), ("f", .float32), ("k", .string)],
                                     [[.int32(1), .date(19723), .float32(1.5), .string("p")]])])
        return t
    }

    @Test func schemaStringRoundTripsWithColumnMapping() throws {
        let dir = try TemporaryDirectory()
        let t = try table(dir)
        let s = try t.snapshot()
        #expect(s.schema.columns.map(\.physicalName) == ["col-1", "col-2", "col-3", "col-4"])
        #expect(s.configuration["delta.columnMapping.mode"] == "name")
        #expect(s.protocolAction.readerFeatures?.contains(ProtocolAction.swiftLakeColumnarFeature) == true)
        let reparsed = try TableSchema(metadata: s.metadata)
        #expect(reparsed == s.schema)
        let json = try JSONParser.parse(s.metadata.schemaString)
        #expect(json["fields"]?.arrayValue?.first?["type"] == .string("integer"))
        #expect(json["fields"]?.arrayValue?.first?["metadata"]?["delta.columnMapping.id"] == .int(1))
        // Partition values are keyed by physical name, directories by logical name.
        #expect(s.files.first?.partitionValues == ["col-4": "p"])
        #expect(s.files.first?.path.hasPrefix("k=p/") == true)
    }

    @Test func newColumnsAreAddedAndOldRowsReadAsNull() throws {
        let dir = try TemporaryDirectory()
        let t = try table(dir)
        try t.append([try Self.batch([("id", .int32), ("extra", .string), ("k", .string)], [[.int32(2), .string("e"), .string("p")]])])
        let s = try t.snapshot()
        #expect(s.schema.columns.map(\.name) == ["id", "d", "f", "k", "extra"])
        #expect(s.schema.column(named: "extra")?.id == 5)
        let rows = try t.scan(columns: ["id", "extra", "d"]).rows().sorted { "\($0["id"]!)" < "\($1["id"]!)" }
        #expect(rows == [["id": .int32(1), "extra": .null, "d": .date(19723)], ["id": .int32(2), "extra": .string("e"), "d": .null]])
    }

    @Test func typesWidenWithoutRewritingAndOldFilesAreCastOnRead() throws {
        let dir = try TemporaryDirectory()
        let t = try table(dir)
        let before = try t.snapshot().files.map(\.path)
        try t.append([try Self.batch([("id", .int64), ("d", .timestamp), ("f", .float64), ("k", .string)],
                                     [[.int64(5_000_000_000), .timestamp(1_700_000_000_000_000), .float64(2.25), .string("p")]])])
        let s = try t.snapshot()
        #expect(s.schema.columns.map(\.type) == [.int64, .timestamp, .float64, .string])
        #expect(s.files.map(\.path).filter(before.contains) == before)
        let json = try JSONParser.parse(s.metadata.schemaString)
        #expect(json["fields"]?.arrayValue?.first?["metadata"]?["delta.typeChanges"]?.arrayValue?.count == 1)
        let rows = try t.scan(columns: ["id", "d", "f"], filter: .lt("id", .int64(10))).rows()
        #expect(rows == [["id": .int64(1), "d": .timestamp(19723 * 86_400_000_000), "f": .float64(1.5)]])
        // The filter on a widened column prunes and filters across old and new files alike.
        #expect(try t.scan(filter: .ge("id", .int64(5_000_000_000))).count() == 1)
        // int64 then float64, and anything into a string column.
        try t.append([try Self.batch([("id", .float64), ("k", .string)], [[.float64(0.5), .string("p")]])])
        try t.append([try Self.batch([("d", .string), ("k", .string)], [[.string("tomorrow"), .string("p")]])])
        let final = try t.snapshot()
        #expect(final.schema.column(named: "id")?.type == .float64)
        #expect(final.schema.column(named: "d")?.type == .string)
        let ds = Set(try t.scan(columns: ["d"]).rows().map { $0["d"] ?? .null })
        #expect(ds == [.string("2024-01-01"), .string("2023-11-14T22:13:20Z"), .null, .string("tomorrow")])
    }

    @Test func irreconcilableWritesListEveryColumn() throws {
        let dir = try TemporaryDirectory()
        let t = try table(dir)
        let bad = try Self.batch([("id", .boolean), ("f", .date), ("k", .string)], [[.boolean(true), .date(1), .string("p")]])
        #expect(throws: DeltaLogError.schemaMismatch(columns: ["id: table has int32, data has boolean", "f: table has float32, data has date"])) {
            try t.append([bad])
        }
        #expect(try t.snapshot().version == 1)
    }

    @Test func evolutionOffRefusesNewColumnsAndWidening() throws {
        let dir = try TemporaryDirectory()
        let t = try table(dir, properties: [SchemaEvolution.autoMergeProperty: "false"])
        #expect(throws: DeltaLogError.schemaMismatch(columns: ["x: not in the table and schema evolution is off",
                                                                "id: table has int32, data has int64 and schema evolution is off"])) {
            try t.append([try Self.batch([("x", .string), ("id", .int64), ("k", .string)], [[.string("1"), .int64(1), .string("p")]])])
        }
        // Narrower data into a wider column is just cast.
        try t.append([try Self.batch([("f", .float32), ("k", .string)], [[.float32(3), .string("p")]])])
        #expect(try t.scan().count() == 2)
    }

    @Test func renameAndDropAreMetadataOnly() throws {
        let dir = try TemporaryDirectory()
        let t = try table(dir)
        let files = try t.snapshot().files
        try t.renameColumn("id", to: "ident")
        try t.renameColumn("k", to: "key")
        try t.dropColumn("f")
        let s = try t.snapshot()
        #expect(s.files == files)
        #expect(s.partitionColumns == ["key"])
        #expect(s.schema.columns.map(\.name) == ["ident", "d", "key"])
        #expect(try t.scan().rows() == [["ident": .int32(1), "d": .date(19723), "key": .string("p")]])
        // A new column never reuses the dropped column's id, so old data never resurfaces.
        try t.append([try Self.batch([("f", .float32), ("key", .string)], [[.float32(9), .string("p")]])])
        #expect(try t.snapshot().schema.column(named: "f")?.id == 5)
        #expect(Set(try t.scan(columns: ["f"]).rows().map { $0["f"] ?? .null }) == [.null, .float32(9)])
        #expect(throws: DeltaLogError.invalidArgument("cannot drop partition column 'key'")) { try t.dropColumn("key") }
        #expect(throws: DeltaLogError.unknownColumn("zz")) { try t.renameColumn("zz", to: "y") }
    }
}
