import Testing
import Columnar
import TestSupport

@Suite struct RoundTripTests {
    @Test func randomSchemasAndData() throws {
        var gen = RandomData(seed: 42)
        for round in 0..<40 {
            let schema = try gen.schema(columns: Int.random(in: 1...8, using: &gen.rng))
            let rows = [0, 1, 2, 7, 100, 1000, 5000][round % 7]
            let batch = try gen.batch(schema, rows: rows)
            var options = ColumnarWriteOptions()
            options.rowGroupRows = [1, 3, 100, 4096, 131_072][round % 5]
            options.pageRows = [1, 7, 64, 16_384][round % 4]
            options.compression = ColumnarCompression.allCases[round % 3]
            let (read, _) = try roundTrip([batch], schema: schema, options: options)
            #expect(read == batch, "round \(round)")
        }
    }

    @Test(arguments: [0.0, 1.0]) func nullsEverywhereAndNowhere(rate: Double) throws {
        var gen = RandomData(seed: 7)
        let schema = try Schema(DataType.allCases.enumerated().map { Field(name: "f\($0.offset)", id: Int32($0.offset), type: $0.element) })
        let batch = try gen.batch(schema, rows: 3000, nullRate: rate)
        let (read, _) = try roundTrip([batch], schema: schema)
        #expect(read == batch)
        #expect(read.columns.allSatisfy { $0.nullCount == (rate == 1 ? 3000 : 0) })
    }

    @Test func awkwardValues() throws {
        let schema = try Schema(columns: [("i64", .int64, true), ("f64", .float64, true), ("f32", .float32, true),
                                          ("s", .string, true), ("i32", .int32, true)])
        var b = RecordBatchBuilder(schema: schema)
        let i64: [Int64] = [.min, .max, 0, -1, 1, .min, .max]
        let f64: [Double] = [.nan, 0.0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, -.greatestFiniteMagnitude]
        let f32: [Float] = [.nan, -0.0, 0.0, .infinity, -.infinity, .ulpOfOne, Float(bitPattern: 0x7FC0_0001)]
        let s = ["", "é", "漢字🦆", "", "a\u{0}", String(repeating: "x", count: 300), "Z"]
        let i32: [Int32] = [.min, .max, 0, .min, .max, -1, 1]
        for k in 0..<7 { try b.append(row: [.int64(i64[k]), .float64(f64[k]), .float32(f32[k]), .string(s[k]), .int32(i32[k])]) }
        let batch = try b.finish()
        for c in ColumnarCompression.allCases {
            var o = ColumnarWriteOptions()
            o.compression = c
            let (read, _) = try roundTrip([batch], schema: schema, options: o)
            #expect(read == batch)
            #expect(read.row(0)[1] == .float64(.nan))
            #expect(read.row(2)[1] == .float64(-0.0))
        }
    }

    @Test func emptyFileAndEmptyBatch() throws {
        let schema = try Schema(columns: [("a", .string, true), ("b", .int64, false)])
        let (read, bytes) = try roundTrip([], schema: schema)
        #expect(read.rowCount == 0 && read.schema == schema)
        let reader = try ColumnarReader(bytes: bytes)
        #expect(reader.rowCount == 0 && reader.metadata.rowGroups.isEmpty)
        let (read2, _) = try roundTrip([RecordBatch.empty(schema)], schema: schema)
        #expect(read2 == RecordBatch.empty(schema))
    }

    @Test func allIdenticalAndOneRow() throws {
        let schema = try Schema(DataType.allCases.enumerated().map { Field(name: "f\($0.offset)", id: Int32($0.offset), type: $0.element) })
        var gen = RandomData(seed: 3)
        let row = schema.fields.map { gen.value($0.type, cardinality: 1) }
        var b = RecordBatchBuilder(schema: schema)
        for _ in 0..<10_000 { try b.append(row: row) }
        let batch = try b.finish()
        let (read, bytes) = try roundTrip([batch], schema: schema)
        #expect(read == batch)
        #expect(bytes.count < 4000, "identical values should compress to almost nothing, got \(bytes.count)")
        let (one, _) = try roundTrip([batch.slice(0..<1)], schema: schema)
        #expect(one == batch.slice(0..<1))
    }

    @Test func everyEncodingOnEveryApplicableType() throws {
        var gen = RandomData(seed: 11)
        for type in DataType.allCases {
            let schema = try Schema([Field(name: "x", id: 1, type: type)])
            for card in [0, 5] {
                for rate in [0.0, 0.3] {
                    var b = ColumnBuilder(type: type)
                    for _ in 0..<2500 {
                        try b.append(Double.random(in: 0..<1, using: &gen.rng) < rate ? .null : gen.value(type, cardinality: card))
                    }
                    let batch = try RecordBatch(schema: schema, columns: [b.finish()])
                    for enc in PageEncoding.allCases where enc.applies(to: type) && enc != .hex {
                        var o = ColumnarWriteOptions()
                        o.forcedEncodings = ["x": enc]
                        o.pageRows = 1000
                        let (read, bytes) = try roundTrip([batch], schema: schema, options: o)
                        #expect(read == batch, "\(type) \(enc) card \(card) nulls \(rate)")
                        let used = try ColumnarReader(bytes: bytes).metadata.rowGroups[0].columns[0].pages.map(\.encoding)
                        #expect(used.contains(enc))
                    }
                }
            }
        }
    }

    @Test(arguments: [false, true]) func hexEncodedIds(upper: Bool) throws {
        var rng = SeededGenerator(seed: upper ? 1 : 2)
        let schema = try Schema(columns: [("_id", .string, true), ("owner", .json, false), ("mixed", .string, false)])
        var b = RecordBatchBuilder(schema: schema)
        let digits = Array(upper ? "0123456789ABCDEF" : "0123456789abcdef")
        func hex(_ n: Int) -> String { String((0..<n).map { _ in digits[Int.random(in: 0..<16, using: &rng)] }) }
        let owners = (0..<40).map { _ in hex(31) }
        for i in 0..<3000 {
            let id = [hex(8), hex(4), hex(4), hex(4), hex(12)].joined(separator: "-")
            try b.append(row: [i % 10 == 0 ? .null : .string(id), .string(owners[i % 40]), .string(i % 2 == 0 ? hex(6) : "xyz-\(i)")])
        }
        let batch = try b.finish()
        var o = ColumnarWriteOptions()
        o.pageRows = 700
        for compression in ColumnarCompression.allCases {
            o.compression = compression
            let (read, bytes) = try roundTrip([batch], schema: schema, options: o)
            #expect(read == batch)
            let chunks = try ColumnarReader(bytes: bytes).metadata.rowGroups[0].columns
            #expect(chunks[0].encodings == [.hex])
            #expect(chunks[1].pages[0].isDictionary && chunks[1].pages[0].encoding == .hex)
            #expect(!chunks[2].encodings.contains(.hex))
        }
        o.forcedEncodings = ["mixed": .hex]
        let (read, _) = try roundTrip([batch], schema: schema, options: o)
        #expect(read == batch)
    }

    @Test func rejectsInapplicableForcedEncoding() throws {
        let schema = try Schema([Field(name: "x", id: 1, type: .string)])
        var o = ColumnarWriteOptions()
        o.forcedEncodings = ["x": .delta]
        #expect(throws: ColumnarError.self) { try ColumnarWriter.write([RecordBatch.empty(schema)], schema: schema, options: o).count }
        var w = ColumnarWriter(schema: schema, options: o)
        let b = try RecordBatch(schema: schema, columns: [.string(BinaryVector(strings: ["a"]))])
        #expect(throws: ColumnarError.self) { try w.write(b); _ = try w.finish() }
    }

    @Test func manyBatchesIntoRowGroupsWithPositions() throws {
        var gen = RandomData(seed: 5)
        let schema = try gen.schema(columns: 5)
        let batches = try (0..<7).map { _ in try gen.batch(schema, rows: Int.random(in: 0..<900, using: &gen.rng)) }
        var o = ColumnarWriteOptions()
        o.rowGroupRows = 1000
        let bytes = try ColumnarWriter.write(batches, schema: schema, options: o)
        let reader = try ColumnarReader(bytes: bytes)
        let all = try RecordBatch.concatenate(batches, schema: schema)
        #expect(reader.metadata.rowGroups.dropLast().allSatisfy { $0.rowCount == 1000 })
        var scanner = try reader.scan()
        var seen = 0
        while let b = try scanner.next() {
            #expect(b.rowPositions == (seen..<(seen + b.batch.rowCount)).map(Int64.init))
            #expect(b.batch == all.slice(seen..<(seen + b.batch.rowCount)))
            seen += b.batch.rowCount
        }
        #expect(seen == all.rowCount)
        let projected = try reader.readAll(columns: ["c3", "c1"])
        #expect(projected.batch == (try all.project(["c3", "c1"])))
    }

    @Test func millionRows() throws {
        let schema = try Schema(columns: [("id", .string, false), ("ts", .timestamp, false), ("n", .int64, true), ("p", .string, true)])
        var b = RecordBatchBuilder(schema: schema, capacity: 1_000_000)
        for i in 0..<1_000_000 {
            try b.columns[0].append(string: "id-\(i)")
            try b.columns[1].append(timestamp: 1_600_000_000_000_000 + Int64(i) * 1_000)
            if i % 3 == 0 { b.columns[2].appendNull() } else { try b.columns[2].append(int64: Int64(i % 101)) }
            try b.columns[3].append(string: "val_\(i % 7)")
        }
        let batch = try b.finish()
        let (read, bytes) = try roundTrip([batch], schema: schema)
        #expect(read == batch)
        #expect(bytes.count < 6_000_000)
    }

    @Test func fileSourceReadsFromDisk() throws {
        var gen = RandomData(seed: 9)
        let schema = try gen.schema(columns: 4)
        let batch = try gen.batch(schema, rows: 777)
        let bytes = try ColumnarWriter.write([batch], schema: schema)
        let path = "/tmp/columnar-test-\(UInt32.random(in: 0...UInt32.max)).slc"
        try ColumnarFileIO.write(bytes, to: path)
        defer { try? ColumnarFileIO.remove(path) }
        let reader = try ColumnarReader(path: path)
        #expect(try reader.readAll().batch == batch)
        #expect(throws: ColumnarError.self) { try ColumnarReader(path: path + ".missing") }
    }
}
