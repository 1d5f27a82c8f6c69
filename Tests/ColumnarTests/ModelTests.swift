import Testing
@testable import Columnar

@Suite struct ModelTests {
    let schema: Schema

    init() throws {
        schema = try Schema(columns: [
        ("id", .string, false), ("n", .int64, true), ("x", .float64, true), ("ok", .boolean, true),
        ("d", .date, true), ("t", .timestamp, true), ("j", .json, true), ("b", .binary, true), ("i", .int32, true),
        ("f", .float32, true),
        ])
    }

    func sample() throws -> RecordBatch {
        var b = RecordBatchBuilder(schema: schema)
        try b.append(row: [.string("a"), .int64(1), .float64(1.5), .boolean(true), .date(3), .timestamp(-5),
                           .string("{}"), .binary([1, 2]), .int32(7), .float32(.nan)])
        try b.append(row: [.string("é漢"), .null, .float64(-0.0), .null, .null, .null, .null, .null, .null, .null])
        try b.append(row: [.string(""), .int64(.min), .float64(.infinity), .boolean(false), .date(-1),
                           .timestamp(.max), .string("[1]"), .binary([]), .int32(.min), .float32(-1)])
        return try b.finish()
    }

    @Test func builderRoundTripsValues() throws {
        let batch = try sample()
        #expect(batch.rowCount == 3)
        #expect(batch.row(0)[0] == .string("a"))
        #expect(batch.row(1) == [.string("é漢"), .null, .float64(-0.0), .null, .null, .null, .null, .null, .null, .null])
        #expect(batch.row(2)[1] == .int64(.min))
        #expect(batch.row(0)[9] == .float32(.nan))
        #expect(batch.columns[1].nullCount == 1)
    }

    @Test func sliceTakeAndConcatenate() throws {
        let batch = try sample()
        let s = batch.slice(1..<3)
        #expect(s.rowCount == 2)
        #expect(s.row(0) == batch.row(1))
        #expect(s.row(1) == batch.row(2))
        let t = batch.take([2, 0, 2])
        #expect(t.row(0) == batch.row(2) && t.row(1) == batch.row(0) && t.row(2) == batch.row(2))
        let c = try RecordBatch.concatenate([batch.slice(0..<1), s], schema: schema)
        #expect(c == batch)
        #expect(try RecordBatch.concatenate([s.slice(1..<2), s.slice(0..<1)], schema: schema) == batch.take([2, 1]))
        #expect(batch != batch.take([0, 2, 1]))
    }

    @Test func rejectsBadRows() throws {
        var b = RecordBatchBuilder(schema: schema)
        #expect(throws: ColumnarError.nullInNonNullableField(field: "id")) {
            try b.append(row: [.null, .null, .null, .null, .null, .null, .null, .null, .null, .null])
        }
        #expect(throws: ColumnarError.typeMismatch(field: "n", expected: .int64, actual: "int32")) {
            try b.append(row: [.string("x"), .int32(1), .null, .null, .null, .null, .null, .null, .null, .null])
        }
        #expect(b.rowCount == 0)
        #expect(throws: ColumnarError.duplicateField(name: "a")) { try Schema(columns: [("a", .int32, true), ("a", .int64, true)]) }
    }

    @Test func statistics() throws {
        let stats = try sample().statistics()
        #expect(stats[0] == ColumnStatistics(valueCount: 3, nullCount: 0, min: .string(""), max: .string("é漢")))
        #expect(stats[1] == ColumnStatistics(valueCount: 3, nullCount: 1, min: .int64(.min), max: .int64(1)))
        #expect(stats[2].min == .float64(-0.0) && stats[2].max == .float64(.infinity))
        #expect(stats[3].min == .boolean(false) && stats[3].max == .boolean(true))
        #expect(stats[9].min == .float32(-1) && stats[9].max == .float32(-1))
        let merged = stats[1].merged(with: ColumnStatistics(valueCount: 2, nullCount: 0, min: .int64(5), max: .int64(9)))
        #expect(merged == ColumnStatistics(valueCount: 5, nullCount: 1, min: .int64(.min), max: .int64(9)))
    }

    @Test func bitmapSlicesCompare() {
        let bits = Bitmap((0..<200).map { $0 % 3 == 0 })
        let s = bits.slice(67..<190)
        #expect(s.count == 123)
        #expect(s == Bitmap((67..<190).map { $0 % 3 == 0 }))
        #expect(s.setCount == (67..<190).filter { $0 % 3 == 0 }.count)
    }
}
