import Testing
@testable import DeltaLog
import Columnar

@Suite struct JSONTests {
    @Test func parsesAndSerializesRoundTrip() throws {
        let text = #"{"a":1,"b":[true,false,null],"c":"x\"y\\z\n\u00e9\ud83d\ude00","d":-1.5e3,"e":{}}"#
        let v = try JSONParser.parse(text)
        #expect(v["a"] == .int(1))
        #expect(v["c"]?.stringValue == "x\"y\\z\né😀")
        #expect(v["d"] == .double(-1500))
        #expect(try JSONParser.parse(v.serialized) == v)
    }

    /// Escapes as JSON requires, and only those bytes: runs between escapes are copied whole.
    /// A writer's statistics JSON, written straight from the column statistics, is the text the statistics
    /// value serializes to: sorted names, escapes, skipped bounds (nulls, binary, long strings, NaN).
    @Test func writtenFileStatisticsMatchTheStatisticsValue() throws {
        let long = String(repeating: "x", count: FileStatistics.maxStringBound + 1)
        let names = ["zeta", "a\"quote", "mid", "bin", "ts", "f", "n", "Émile"]
        let columns = [
            ColumnStatistics(valueCount: 3, nullCount: 0, min: .string("a\nb"), max: .string("zz")),
            ColumnStatistics(valueCount: 3, nullCount: 1, min: .int64(-5), max: .int64(7)),
            ColumnStatistics(valueCount: 3, nullCount: 3),
            ColumnStatistics(valueCount: 3, nullCount: 0, min: .binary([1]), max: .binary([2])),
            ColumnStatistics(valueCount: 3, nullCount: 0, min: .timestamp(1_709_632_800_123_456), max: .timestamp(1_709_632_899_000_000)),
            ColumnStatistics(valueCount: 3, nullCount: 0, min: .float64(.nan), max: .float64(2.5)),
            ColumnStatistics(valueCount: 3, nullCount: 2, min: .string(long), max: .date(19_800)),
            ColumnStatistics(valueCount: 3, nullCount: 0, min: .boolean(false), max: .boolean(true)),
        ]
        let order = names.indices.sorted { names[$0] < names[$1] }
        let direct = FileStatistics.json(rowCount: 3, columns: columns, physicalNames: names, order: order)
        #expect(direct == FileStatistics(rowCount: 3, columns: columns, physicalNames: names).json)
        #expect(try JSONParser.parse(direct)["numRecords"]?.intValue == 3)
    }

    @Test func serializesStringsWithExactEscapes() throws {
        let s = "\"q\" back\\slash\ttab\nnl\rcr\u{1}\u{1f} é😀 plain"
        #expect(JSONValue.string(s).serialized == #""\"q\" back\\slash\ttab\nnl\rcr\u0001\u001f é😀 plain""#)
        #expect(JSONValue.string("").serialized == "\"\"")
        #expect(JSONValue.object([("k\"", .string("\\"))]).serialized == #"{"k\"":"\\"}"#)
        #expect(try JSONParser.parse(JSONValue.string(s).serialized) == .string(s))
    }

    /// Escaped strings parse back exactly whatever sits between the escapes, and a raw control character or an
    /// unterminated string after an escape is still refused.
    @Test func parsesEscapedStringsRunByRun() throws {
        let stats = #"{"numRecords":3,"minValues":{"_id":"a\b","t":"é"},"nullCount":{"_id":0}}"#
        let line = JSONValue.object([("stats", .string(stats))]).serialized
        #expect(try JSONParser.parse(line)["stats"]?.stringValue == stats)
        #expect(try JSONParser.parse(#""\"\"x\\\\""#) == .string("\"\"x\\\\"))
        #expect(throws: JSONError.self) { try JSONParser.parse("\"a\\nb\u{1}\"") }
        #expect(throws: JSONError.self) { try JSONParser.parse(#""a\"b"#) }
    }

    @Test func rejectsMalformedInputWithOffset() {
        for bad in ["{", "[1,]", "{\"a\" 1}", "01", "\"\\ud800\"", "tru", "{\"a\":1}x", String(repeating: "[", count: 500)] {
            #expect(throws: JSONError.self, "\(bad)") { try JSONParser.parse(bad) }
        }
        #expect(throws: JSONError(offset: 3, detail: "expected ',' or ']'")) { try JSONParser.parse("[1 2]") }
    }
}
