import Testing
import Columnar
import TestSupport

/// Files of a few rows (what an ingest MERGE writes per partition): exact round trips of every type with and
/// without nulls, and the writer's choices for chunks of few values (no dictionary, no tokens), which must stay
/// readable as docs/FORMAT.md describes them.
@Suite struct TinyFileTests {
    /// Four values of `type`, awkward ones included (NaN, -0.0, extremes, multi-byte text, empty strings).
    static func values(_ type: DataType) -> [Value] {
        switch type {
        case .boolean: return [.boolean(true), .boolean(false), .boolean(true), .boolean(true)]
        case .int32: return [.int32(.min), .int32(7), .int32(.max), .int32(-1)]
        case .date: return [.date(19_000), .date(-3), .date(19_000), .date(.max)]
        case .int64: return [.int64(.max), .int64(0), .int64(.min), .int64(42)]
        case .timestamp: return [.timestamp(1_700_000_000_000_000), .timestamp(-1), .timestamp(1_700_000_000_000_001), .timestamp(0)]
        case .float32: return [.float32(.nan), .float32(-0.0), .float32(0.0), .float32(-.infinity)]
        case .float64: return [.float64(-0.0), .float64(.nan), .float64(.greatestFiniteMagnitude), .float64(0.5)]
        case .string, .json:
            return [.string("3f2504e0-4f89-11d3-9a0c-0305e82c3301"), .string(""), .string("漢字🦆 with words"), .string("a\u{0}b")]
        case .binary: return [.binary([0, 255, 1]), .binary([]), .binary([9]), .binary([0, 255, 1])]
        }
    }

    /// Every type, nullable and not, in one schema.
    static func schema() throws -> Schema {
        var fields: [Field] = []
        for (i, t) in DataType.allCases.enumerated() {
            fields.append(Field(name: "\(t)", id: Int32(2 * i + 1), type: t, nullable: false))
            fields.append(Field(name: "\(t)?", id: Int32(2 * i + 2), type: t, nullable: true))
        }
        return try Schema(fields)
    }

    /// `rows` rows; nullable columns hold a null in every other row (from the first or the second by `shift`).
    static func batch(rows: Int, shift: Int) throws -> RecordBatch {
        let schema = try schema()
        var columns: [Column] = []
        for f in schema.fields {
            var b = ColumnBuilder(type: f.type)
            let vs = values(f.type)
            for r in 0..<rows {
                if f.nullable && (r + shift) % 2 == 0 { b.appendNull() } else { try b.append(vs[(r + shift) % vs.count]) }
            }
            columns.append(b.finish())
        }
        return try RecordBatch(schema: schema, columns: columns, rowCount: rows)
    }

    @Test(arguments: [0, 1, 2, 3]) func everyTypeRoundTripsExactly(rows: Int) throws {
        let schema = try Self.schema()
        for shift in [0, 1] {
            let batch = try Self.batch(rows: rows, shift: shift)
            for compression in ColumnarCompression.allCases {
                var o = ColumnarWriteOptions()
                o.compression = compression
                o.bloomFilterColumns = ["string", "int64?"]
                let (read, bytes) = try roundTrip([batch], schema: schema, options: o)
                #expect(read == batch, "\(rows) rows, shift \(shift), \(compression)")
                let reader = try ColumnarReader(bytes: bytes)
                #expect(reader.rowCount == rows)
                for (i, column) in batch.columns.enumerated() {
                    // The footer's statistics are those of the rows, for the file and for its one data page.
                    let stats = reader.metadata.columnStatistics[i]
                    #expect(stats == ColumnStatistics(column), "\(schema.fields[i].name)")
                    for g in reader.metadata.rowGroups {
                        let pages = g.columns[i].pages
                        #expect(pages.count == 1 && pages.allSatisfy { !$0.isDictionary })
                        #expect(pages.first?.statistics == g.columns[i].statistics)
                    }
                }
                if rows > 0 {
                    let filter = try reader.keyFilter(column: "string")
                    for r in 0..<rows { #expect(filter.mightContain(batch.row(r)[schema.index(of: "string") ?? 0])) }
                }
            }
        }
    }

    /// A column of `n` copies of one value, written alone; returns its chunk's pages and checks the round trip.
    static func pagesOfRepeated(_ value: Value, type: DataType, count n: Int,
                                options: ColumnarWriteOptions = ColumnarWriteOptions()) throws -> [PageMetadata] {
        let schema = try Schema([Field(name: "x", id: 1, type: type)])
        var b = ColumnBuilder(type: type)
        for _ in 0..<n { try b.append(value) }
        let batch = try RecordBatch(schema: schema, columns: [b.finish()])
        let (read, bytes) = try roundTrip([batch], schema: schema, options: options)
        #expect(read == batch)
        return try ColumnarReader(bytes: bytes).metadata.rowGroups[0].columns[0].pages
    }

    @Test func chunksOfFewValuesGetNoDictionary() throws {
        let cases: [(Value, DataType)] = [(.string("same text"), .string), (.float64(2.5), .float64), (.binary([1, 2, 3, 4, 5]), .binary),
                                          (.float32(-1), .float32)]
        for (value, type) in cases {
            let few = try Self.pagesOfRepeated(value, type: type, count: 15)
            #expect(few.count == 1 && !few[0].isDictionary && few[0].encoding == .plain, "\(type)")
            // From 16 present values on, the dictionary is measured as before and wins on repeated values.
            let more = try Self.pagesOfRepeated(value, type: type, count: 16)
            #expect(more.first?.isDictionary == true && more.last?.encoding == .dictionary, "\(type)")
        }
        // Integers: frame of reference (width 0 for repeated values), as without a dictionary.
        #expect(try Self.pagesOfRepeated(.int64(123_456_789), type: .int64, count: 3).map(\.encoding) == [.frameOfReference])
        // A forced dictionary is written however few the values.
        var o = ColumnarWriteOptions()
        o.forcedEncodings = ["x": .dictionary]
        let forced = try Self.pagesOfRepeated(.string("a"), type: .string, count: 2, options: o)
        #expect(forced.map(\.isDictionary) == [true, false] && forced[1].encoding == .dictionary)
    }

    @Test func fewTextValuesAreNotTokenized() throws {
        let text = Value.string(String(repeating: "the cat sat on the mat and the dog sat on the log ", count: 4))
        let few = try Self.pagesOfRepeated(text, type: .string, count: 15, options: Self.noDictionary)
        #expect(few.map(\.encoding) == [.plain])
        let many = try Self.pagesOfRepeated(text, type: .string, count: 16, options: Self.noDictionary)
        #expect(many.map(\.encoding) == [.tokens])
    }

    /// Ids keep the hex encoding in a page of one or two values.
    @Test func fewIdsAreHexEncoded() throws {
        let pages = try Self.pagesOfRepeated(.string("3F2504E0-4F89-11D3-9A0C-0305E82C3301"), type: .string, count: 2)
        #expect(pages.map(\.encoding) == [.hex])
    }

    static let noDictionary: ColumnarWriteOptions = {
        var o = ColumnarWriteOptions()
        o.dictionaryMaxEntries = 0
        return o
    }()

    /// Long bounds: the minimum is cut to at most 64 bytes on a UTF-8 scalar boundary, a longer maximum is left out.
    @Test func longBoundsAreCutOnScalarBoundaries() throws {
        let schema = try Schema([Field(name: "s", id: 1, type: .string), Field(name: "b", id: 2, type: .binary)])
        // 63 ASCII bytes then a 4-byte scalar: a cut at 64 bytes would split it, so the minimum keeps 63.
        let low = String(repeating: "a", count: 63) + "🦆tail", high = String(repeating: "z", count: 65)
        var s = ColumnBuilder(type: .string), b = ColumnBuilder(type: .binary)
        try s.append(string: high)
        try s.append(string: low)
        try b.append(binary: [UInt8](repeating: 7, count: 70))
        try b.append(binary: [UInt8](repeating: 9, count: 64))
        let batch = try RecordBatch(schema: schema, columns: [s.finish(), b.finish()])
        let (read, bytes) = try roundTrip([batch], schema: schema)
        #expect(read == batch)
        let stats = try ColumnarReader(bytes: bytes).metadata.columnStatistics
        #expect(stats[0].min == .string(String(repeating: "a", count: 63)) && stats[0].max == nil)
        #expect(stats[1].min == .binary([UInt8](repeating: 7, count: 64)) && stats[1].max == .binary([UInt8](repeating: 9, count: 64)))
        // A 64-byte maximum is kept whole.
        var short = ColumnBuilder(type: .string)
        try short.append(string: String(repeating: "é", count: 32))
        let one = try RecordBatch(schema: Schema([Field(name: "s", id: 1, type: .string)]), columns: [short.finish()])
        let (_, oneBytes) = try roundTrip([one], schema: one.schema)
        let oneStats = try ColumnarReader(bytes: oneBytes).metadata.columnStatistics[0]
        #expect(oneStats.min == .string(String(repeating: "é", count: 32)) && oneStats.max == oneStats.min)
    }

    /// Opened schemas are remembered by their footer bytes: files whose schemas differ only in a type, a nullable
    /// flag, an id or a name's last byte, opened in turn, each get their own schema and values.
    @Test func similarSchemasAreNotConfused() throws {
        let variants: [Field] = [Field(name: "x", id: 1, type: .int64), Field(name: "x", id: 1, type: .string),
                                 Field(name: "x", id: 1, type: .int64, nullable: true), Field(name: "x", id: 2, type: .int64),
                                 Field(name: "y", id: 1, type: .int64)]
        var files: [(Schema, RecordBatch, [UInt8])] = []
        for (k, f) in variants.enumerated() {
            let schema = try Schema([Field(name: "key", id: 9, type: .string), f])
            var key = ColumnBuilder(type: .string), x = ColumnBuilder(type: f.type)
            try key.append(string: "row of variant \(k)")
            try x.append(f.type == .string ? .string("\(k)") : .int64(Int64(k)))
            let batch = try RecordBatch(schema: schema, columns: [key.finish(), x.finish()])
            files.append((schema, batch, try ColumnarWriter.write([batch], schema: schema)))
        }
        for round in 0..<3 {
            for (schema, batch, bytes) in files.shuffled() {
                let reader = try ColumnarReader(bytes: bytes)
                #expect(reader.schema == schema, "round \(round)")
                #expect(try reader.readAll().batch == batch)
            }
        }
    }

    /// Many tiny files written one after the other (each writer takes a pooled compression context, with text
    /// pages large enough to compress) read back exactly.
    @Test func manyTinyFilesInARow() throws {
        let schema = try Schema([Field(name: "t", id: 1, type: .string), Field(name: "n", id: 2, type: .int64)])
        for k in 0..<200 {
            var t = ColumnBuilder(type: .string), n = ColumnBuilder(type: .int64)
            for r in 0..<(1 + k % 3) {
                try t.append(string: String(repeating: "row \(r) of file \(k) ", count: 20))
                try n.append(int64: Int64(k * 10 + r))
            }
            let batch = try RecordBatch(schema: schema, columns: [t.finish(), n.finish()])
            var o = ColumnarWriteOptions()
            o.compressionLevel = [1, 19, 3][k % 3]
            let (read, bytes) = try roundTrip([batch], schema: schema, options: o)
            #expect(read == batch)
            #expect(try ColumnarReader(bytes: bytes).metadata.rowGroups[0].columns[0].pages[0].compression == .zstd)
        }
    }
}
