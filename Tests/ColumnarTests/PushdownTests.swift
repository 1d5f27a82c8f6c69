import Testing
import Columnar
import TestSupport

@Suite struct PushdownTests {
    /// A random predicate over `schema`, literals drawn from the data half of the time.
    static func predicate(_ gen: inout RandomData, _ schema: Schema, _ batch: RecordBatch, depth: Int) -> Predicate {
        let kind = Int.random(in: 0..<(depth > 0 ? 12 : 9), using: &gen.rng)
        let ci = Int.random(in: 0..<schema.count, using: &gen.rng)
        let f = schema.fields[ci]
        func literal() -> Value {
            if batch.rowCount > 0 && Bool.random(using: &gen.rng) {
                let v = batch.columns[ci].value(at: Int.random(in: 0..<batch.rowCount, using: &gen.rng))
                if !v.isNull { return v }
            }
            return gen.value(f.type, cardinality: [0, 3, 50][Int.random(in: 0..<3, using: &gen.rng)])
        }
        switch kind {
        case 0: return .eq(f.name, literal())
        case 1: return .ne(f.name, literal())
        case 2: return .lt(f.name, literal())
        case 3: return .le(f.name, literal())
        case 4: return .gt(f.name, literal())
        case 5: return .ge(f.name, literal())
        case 6: return .isIn(f.name, (0..<Int.random(in: 0..<4, using: &gen.rng)).map { _ in literal() })
        case 7: return .isNull(f.name)
        case 8: return .isNotNull(f.name)
        case 9: return .and(predicate(&gen, schema, batch, depth: depth - 1), predicate(&gen, schema, batch, depth: depth - 1))
        case 10: return .or(predicate(&gen, schema, batch, depth: depth - 1), predicate(&gen, schema, batch, depth: depth - 1))
        default: return .not(predicate(&gen, schema, batch, depth: depth - 1))
        }
    }

    @Test func pushdownEqualsBruteForce() throws {
        var gen = RandomData(seed: 2024)
        var checked = 0
        var skippedGroups = 0
        for round in 0..<12 {
            let schema = try gen.schema(columns: 5)
            let batch = try gen.batch(schema, rows: 1500)
            var o = ColumnarWriteOptions()
            o.rowGroupRows = [100, 300, 1500][round % 3]
            o.pageRows = [16, 50, 1000][round % 3]
            o.bloomFilterColumns = Set(schema.fields.prefix(2).map(\.name))
            let reader = try ColumnarReader(bytes: try ColumnarWriter.write([batch], schema: schema, options: o))
            let rows = (0..<batch.rowCount).map { batch.row($0) }
            for _ in 0..<250 {
                let p = Self.predicate(&gen, schema, batch, depth: 3)
                let expected = rows.indices.filter { i in
                    p.evaluate { name in rows[i][schema.index(of: name) ?? 0] } == true
                }
                var scanner = try reader.scan(columns: [schema.fields[4].name, schema.fields[0].name], where: p)
                var positions: [Int64] = []
                var got: [RecordBatch] = []
                while let b = try scanner.next() {
                    positions += b.rowPositions
                    got.append(b.batch)
                }
                skippedGroups += scanner.rowGroupsSkipped
                #expect(positions == expected.map(Int64.init), "\(p)")
                let want = try batch.project([schema.fields[4].name, schema.fields[0].name]).take(expected)
                let have = got.isEmpty ? want.take([]) : try RecordBatch.concatenate(got, schema: want.schema)
                #expect(have == want, "\(p)")
                checked += 1
            }
        }
        #expect(checked == 3000)
        #expect(skippedGroups > 0)
    }

    @Test func sortedColumnSkipsRowGroupsAndPages() throws {
        let schema = try Schema(columns: [("ts", .timestamp, false), ("v", .string, true)])
        var b = RecordBatchBuilder(schema: schema)
        for i in 0..<100_000 { try b.append(row: [.timestamp(Int64(i) * 10), .string("v\(i % 13)")]) }
        var o = ColumnarWriteOptions()
        o.rowGroupRows = 10_000
        o.pageRows = 1000
        let reader = try ColumnarReader(bytes: try ColumnarWriter.write([try b.finish()], schema: schema, options: o))
        var scanner = try reader.scan(columns: ["v"], where: .and(.ge("ts", .timestamp(500_000)), .lt("ts", .timestamp(512_000))))
        var rows = 0
        var positions: [Int64] = []
        while let batch = try scanner.next() {
            rows += batch.batch.rowCount
            positions += batch.rowPositions
        }
        #expect(rows == 1200)
        #expect(positions == Array(50_000..<51_200))
        #expect(scanner.rowGroupsSkipped == 9)
        #expect(scanner.pagesSkipped >= 16)
    }

    @Test func bloomFilterRulesOutAbsentKeys() throws {
        let schema = try Schema(columns: [("_id", .string, false), ("n", .int64, false)])
        var b = RecordBatchBuilder(schema: schema)
        for i in 0..<20_000 { try b.append(row: [.string("id-\(i * 2)"), .int64(Int64(i))]) }
        var o = ColumnarWriteOptions()
        o.bloomFilterColumns = ["_id"]
        let reader = try ColumnarReader(bytes: try ColumnarWriter.write([try b.finish()], schema: schema, options: o))
        let keys = try reader.keyFilter(column: "_id")
        for i in stride(from: 0, to: 40_000, by: 2) {
            #expect(keys.mightContain(.string("id-\(i)")))
        }
        // Odd ids fall inside the min/max range, so only the bloom filter can rule them out.
        var falsePositives = 0
        for i in stride(from: 1, to: 40_000, by: 2) where keys.mightContain(.string("id-\(i)")) {
            falsePositives += 1
        }
        #expect(falsePositives < 400, "false-positive rate over 2%: \(falsePositives) of 20000")
        let filter = try #require(try reader.bloomFilter(rowGroup: 0, column: 0))
        #expect(filter.mightContain(.string("id-0")))
        #expect(try reader.bloomFilter(rowGroup: 0, column: 1) == nil)
    }

    @Test func rejectsBadPredicates() throws {
        let schema = try Schema(columns: [("a", .int64, true)])
        let reader = try ColumnarReader(bytes: try ColumnarWriter.write([], schema: schema))
        #expect(throws: ColumnarError.unknownColumn(name: "b")) { try reader.scan(where: .eq("b", .int64(1))) }
        #expect(throws: ColumnarError.typeMismatch(field: "a", expected: .int64, actual: "string")) {
            try reader.scan(where: .eq("a", .string("1")))
        }
    }
}

@Suite struct DataFileFormatTests {
    @Test func columnarBehindTheSeam() throws {
        let format: any DataFileFormat = ColumnarFormat()
        let schema = try Schema(columns: [("_id", .string, false), ("n", .int64, true)])
        var b = RecordBatchBuilder(schema: schema)
        for i in 0..<500 { try b.append(row: [.string("k\(i)"), i % 5 == 0 ? .null : .int64(Int64(i))]) }
        let batch = try b.finish()
        let result = try format.write([batch], schema: schema,
                                      options: DataFileWriteOptions(rowGroupRows: 200, bloomFilterColumns: ["_id"]))
        #expect(result.rowCount == 500)
        #expect(result.statistics[1] == ColumnStatistics(valueCount: 500, nullCount: 100, min: .int64(1), max: .int64(499)))
        let reader = try format.open(InMemorySource(result.bytes))
        #expect(reader.rowCount == 500 && reader.schema == schema)
        var scanner = try reader.scanBatches(columns: ["n"], where: .isNull("n"))
        var positions: [Int64] = []
        while let s = try scanner.next() { positions += s.rowPositions }
        #expect(positions == stride(from: 0, to: 500, by: 5).map(Int64.init))
        #expect(scanner.bytesRead > 0)
        let keys = try reader.keyFilter(column: "_id")
        #expect(keys.rowGroupsThatMightContain(.string("k450")) == [2])
    }
}
