import Columnar
import Testing
@testable import Ingest

@Suite struct RecordBatchBuildingTests {
    @Test func recordsBecomeAColumnBatchWithWidenedTypes() throws {
        let records = [
            FlatRecord([("_id", .string("a")), ("n", .int64(3)), ("d", .date(1)), ("ok", .bool(true)), ("l", .json("[1]"))]),
            FlatRecord([("_id", .string("b")), ("n", .double(0.5)), ("d", .timestamp(7)), ("extra", .null)]),
        ]
        var inference = SchemaInference()
        for r in records { inference.add(r) }
        let batch = try inference.recordBatch(records)
        #expect(batch.rowCount == 2)
        #expect(batch.schema.fields.map(\.name) == ["_id", "n", "d", "ok", "l", "extra"])
        #expect(batch.schema.fields.map(\.type) == [.string, .float64, .timestamp, .boolean, .json, .string])
        #expect(batch.row(0) == [.string("a"), .float64(3), .timestamp(HQTime.microsPerDay), .boolean(true), .string("[1]"), .null])
        #expect(batch.row(1) == [.string("b"), .float64(0.5), .timestamp(7), .null, .null, .null])
        #expect(throws: ColumnarError.unknownColumn(name: "zz")) {
            try inference.recordBatch([FlatRecord([("zz", .int64(1))])])
        }
    }

    @Test func quarantineBatchHasTheFixedSchema() throws {
        let q = QuarantineRecord(topic: "case-sql", partition: 1, offset: 9, key: nil, rawValue: Array("x".utf8),
                                 kind: .missingDocument, error: "gone", time: 5)
        let batch = try QuarantineRecord.recordBatch([q, q])
        #expect(batch.rowCount == 2)
        #expect(batch.schema.fields.map(\.name) == QuarantineRecord.columns.map(\.name))
        #expect(batch.schema.fields.map(\.type) == [.string, .int64, .int64, .string, .string, .string, .string, .timestamp])
        #expect(batch.row(1) == [.string("case-sql"), .int64(1), .int64(9), .null, .string("x"), .string("missing_document"),
                                 .string("gone"), .timestamp(5)])
        #expect(try QuarantineRecord.recordBatch([]).rowCount == 0)
    }
}
