import Testing
import TestSupport
@testable import Ingest

@Suite struct JSONTests {
    let parser = JSONParser()

    @Test func parsesEveryKindAndKeepsOrder() throws {
        let v = try parser.parse(#" {"b": [1, -2, 3.5, 1e3, true, false, null], "a": {"x": "y"}, "s": "\u00e9\ud83d\ude00\n"} "#)
        guard case .object(let o) = v else { Issue.record("not an object"); return }
        #expect(o.keys == ["b", "a", "s"])
        #expect(v["b"] == .array([.int(1), .int(-2), .double(3.5), .double(1000), .bool(true), .bool(false), .null]))
        #expect(v["a"]?["x"] == .string("y"))
        #expect(v["s"] == .string("é😀\n"))
    }

    @Test func integersStayExact() throws {
        #expect(try parser.parse("9223372036854775807") == .int(Int64.max))
        #expect(try parser.parse("-9223372036854775808") == .int(Int64.min))
        #expect(try parser.parse("9007199254740993") == .int(9_007_199_254_740_993))
        // Beyond Int64 the value becomes a double rather than failing.
        #expect(try parser.parse("9223372036854775808") == .double(9_223_372_036_854_775_808.0))
        #expect(try parser.parse("-0") == .int(0))
        #expect(try parser.parse("0.1") == .double(0.1))
        #expect(try parser.parse("-1.5E-3") == .double(-0.0015))
    }

    @Test func rejectsWithTypedErrorsAndOffsets() {
        let cases: [(String, JSONError)] = [
            ("", .unexpectedEnd(offset: 0)),
            ("{\"a\":1,}", .unexpectedByte(UInt8(ascii: "}"), offset: 7, expected: "a string key")),
            ("[1,]", .unexpectedByte(UInt8(ascii: "]"), offset: 3, expected: "a value")),
            ("01", .invalidNumber(offset: 0)),
            ("1.", .invalidNumber(offset: 0)),
            ("-", .invalidNumber(offset: 0)),
            ("\"a\\x\"", .invalidEscape(offset: 2)),
            ("\"\\ud800\"", .loneSurrogate(offset: 1)),
            ("\"\\udc00x\"", .loneSurrogate(offset: 1)),
            ("\"a\tb\"", .controlCharacterInString(offset: 2)),
            ("{\"k\":1,\"k\":2}", .duplicateKey("k", offset: 7)),
            ("true x", .trailingData(offset: 5)),
            ("tru", .unexpectedEnd(offset: 3)),
            ("nul1", .unexpectedByte(UInt8(ascii: "1"), offset: 3, expected: "null")),
            ("\"abc", .unexpectedEnd(offset: 4)),
            ("// c\n1", .unexpectedByte(UInt8(ascii: "/"), offset: 0, expected: "a value")),
        ]
        for (text, expected) in cases {
            #expect(throws: expected, "\(text)") { try parser.parse(text) }
        }
    }

    @Test func rejectsInvalidUTF8() {
        for bad: [UInt8] in [[0x22, 0xC0, 0x80, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22],
                             [0x22, 0x61, 0xE2, 0x82, 0x22]] {
            #expect(throws: JSONError.self) { try parser.parse(bad) }
        }
        #expect(throws: JSONError.invalidUTF8(offset: 2)) { try parser.parse([0x22, 0x61, 0xFF, 0x22]) }
    }

    @Test func depthIsLimited() throws {
        let limited = JSONParser(maxDepth: 8)
        #expect(try limited.parse(String(repeating: "[", count: 8) + String(repeating: "]", count: 8)) != .null)
        #expect(throws: JSONError.tooDeep(offset: 8, limit: 8)) {
            try limited.parse(String(repeating: "[", count: 9) + String(repeating: "]", count: 9))
        }
        // The default limit protects the stack against a hostile message.
        #expect(throws: JSONError.self) { try parser.parse(String(repeating: "[", count: 100_000)) }
    }

    @Test func writerRoundTrips() throws {
        let text = #"{"a":[1,-2,0.5,1e-07,true,null],"b":{"c":"q\"\\\n\t\u0001é😀"},"d":"","e":{},"f":[]}"#
        let v = try parser.parse(text)
        #expect(v.jsonText == text)
        #expect(try parser.parse(v.jsonBytes) == v)
        #expect(JSONValue.double(.infinity).jsonText == "null")
        #expect(JSONValue.double(5).jsonText == "5.0")
    }

    @Test func randomDocumentsRoundTrip() throws {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<300 {
            let v = randomValue(&rng, depth: 0)
            #expect(try parser.parse(v.jsonBytes) == v)
        }
    }

    func randomValue(_ rng: inout SeededGenerator, depth: Int) -> JSONValue {
        switch Int.random(in: 0..<(depth > 3 ? 5 : 7), using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .int(Int64.random(in: Int64.min...Int64.max, using: &rng))
        case 3: return .double(Double.random(in: -1e12...1e12, using: &rng))
        case 4:
            let scalars = (0..<Int.random(in: 0..<12, using: &rng)).compactMap { _ in
                Unicode.Scalar(UInt32.random(in: 0..<0x3000, using: &rng))
            }
            return .string(String(String.UnicodeScalarView(scalars)))
        case 5: return .array((0..<Int.random(in: 0..<5, using: &rng)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            var o = JSONObject()
            for i in 0..<Int.random(in: 0..<5, using: &rng) { o["k\(i)"] = randomValue(&rng, depth: depth + 1) }
            return .object(o)
        }
    }
}

@Suite struct JSONObjectTests {
    @Test func equalityIgnoresMemberOrder() {
        let a: JSONValue = ["x": 1, "y": ["p": true, "q": nil]]
        let b: JSONValue = ["y": ["q": nil, "p": true], "x": 1]
        #expect(a == b)
        #expect(a != ["x": 1, "y": ["p": true]])
        #expect(a != ["x": 2, "y": ["p": true, "q": nil]])
        #expect(a.jsonText == #"{"x":1,"y":{"p":true,"q":null}}"#)
    }
}
