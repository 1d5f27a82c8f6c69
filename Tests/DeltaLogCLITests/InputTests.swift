import Columnar
import DeltaLog
import Testing
@testable import deltalog

/// Reading NDJSON and CSV input into typed column batches.
@Suite struct InputTests {
    @Test func csvParsesQuotesAndLineBreaks() throws {
        let rows = try CSVParser.records(Array("a,b\r\n\"x, \"\"y\"\"\",\"two\nlines\"\n,\n".utf8))
        #expect(rows.map(\.fields) == [["a", "b"], ["x, \"y\"", "two\nlines"], ["", ""]])
        #expect(rows.map(\.line) == [1, 2, 4])
        #expect(throws: CSVParser.Failure.unterminatedQuote(line: 1)) { try CSVParser.records(Array("\"abc".utf8)) }
        #expect(throws: CSVParser.Failure.quoteInsideField(line: 1)) { try CSVParser.records(Array("ab\"c".utf8)) }
    }

    @Test func ndjsonFlattensAndTypes() throws {
        let text = #"{"id": 1, "form": {"meta": {"at": "2024-01-05T10:00:00Z"}}, "tags": ["a"], "day": "2024-01-05"}"# + "\n\n"
            + #"{"id": 2.5, "form": {"meta": {"at": null}}, "extra": "x"}"# + "\n"
        let input = try InputRecords.parse(Array(text.utf8), format: .ndjson, source: "t")
        #expect(input.inference.columns.map(\.name) == ["id", "form__meta__at", "tags", "day", "extra"])
        #expect(input.inference.columns.map(\.type.rawValue) == ["double", "timestamp", "json", "date", "string"])
        #expect(input.lines == [1, 3])
        let batch = try InputBatchBuilder(input: input, table: nil).batch()
        #expect(batch.row(1) == [.float64(2.5), .null, .null, .null, .string("x")])
    }

    @Test func csvCellsAreTyped() throws {
        let input = try InputRecords.parse(Array("a,b,c,d,e\n1,2.5,true,2024-02-29,x\n,1e3,false,,007x\n".utf8), format: .csv, source: "t")
        #expect(input.inference.columns.map(\.type.rawValue) == ["int64", "double", "bool", "date", "string"])
        let batch = try InputBatchBuilder(input: input, table: nil).batch()
        #expect(batch.row(0) == [.int64(1), .float64(2.5), .boolean(true), .date(19782), .string("x")])
        #expect(batch.row(1) == [.null, .float64(1000), .boolean(false), .null, .string("007x")])
    }

    /// Columns the table has keep its types; a value that does not fit is an error naming line and column.
    @Test func tableTypesWin() throws {
        let table = try TableSchema(Schema([Field(name: "n", id: 1, type: .int32), Field(name: "s", id: 2, type: .string)]))
        let ok = try InputRecords.parse(Array("n,s,new\n7,8,9\n".utf8), format: .csv, source: "in.csv")
        let batch = try InputBatchBuilder(input: ok, table: table).batch()
        #expect(batch.schema.fields.map(\.type) == [.int32, .string, .int64])
        #expect(batch.row(0) == [.int32(7), .string("8"), .int64(9)])
        let tooBig = try InputRecords.parse(Array("n\n1\n3000000000\n".utf8), format: .csv, source: "in.csv")
        do {
            _ = try InputBatchBuilder(input: tooBig, table: table).batch()
            Issue.record("3000000000 went into an int32 column")
        } catch {
            #expect("\(error)" == "in.csv: line 3: column 'n': '3000000000' is not an int32 value")
        }
    }

    @Test func badInputNamesTheLine() {
        #expect(throws: CLIError.self) { try InputRecords.parse(Array("a,b\n1\n".utf8), format: .csv, source: "x.csv") }
        do {
            _ = try InputRecords.parse(Array("{\"a\": 1}\n[1]\n".utf8), format: .ndjson, source: "x.ndjson")
            Issue.record("an array line was accepted")
        } catch {
            #expect("\(error)" == "x.ndjson: line 2: expected a JSON object, found array")
        }
        #expect(InputFormat.detect(name: "-", bytes: Array("  {\"a\":1}".utf8)) == .ndjson)
        #expect(InputFormat.detect(name: "-", bytes: Array("a,b".utf8)) == .csv)
        #expect(InputFormat.detect(name: "rows.CSV", bytes: Array("{".utf8)) == .csv)
    }
}
