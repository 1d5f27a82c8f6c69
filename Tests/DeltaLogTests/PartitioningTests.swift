import Testing
import TestSupport
import Columnar
@testable import DeltaLog

@Suite struct PartitioningTests {
    @Test func escapingMatchesHiveAndRoundTrips() {
        #expect(PartitionPath.escape("a b/c=d%e:f") == "a b%2Fc%3Dd%25e%3Af")
        #expect(PartitionPath.escape("été\u{1}#?") == "été%01%23%3F")
        for s in ["", "plain", "a/b", "%%", "=x=", "日本/語", "{[^]}", "\"'*\\"] {
            #expect(PartitionPath.unescape(PartitionPath.escape(s)) == s)
        }
        #expect(PartitionPath.directory(columns: ["month", "sup/id"], values: ["2024-01-01", nil]) == "month=2024-01-01/sup%2Fid=__HIVE_DEFAULT_PARTITION__/")
        #expect(PartitionPath.directory(columns: ["m"], values: [""]) == "m=__HIVE_DEFAULT_PARTITION__/")
    }

    @Test func valuesSerializeAndParseAsDeltaSpecifies() throws {
        let cases: [(Value, DataType, String?)] = [
            (.date(19723), .date, "2024-01-01"), (.timestamp(1_700_000_000_123_456), .timestamp, "2023-11-14 22:13:20.123456"),
            (.timestamp(0), .timestamp, "1970-01-01 00:00:00"), (.timestamp(-1), .timestamp, "1969-12-31 23:59:59.999999"),
            (.int64(-5), .int64, "-5"), (.boolean(true), .boolean, "true"), (.string("x y"), .string, "x y"), (.null, .int32, nil),
            (.date(-719_162), .date, "0001-01-01"),
        ]
        for (v, t, text) in cases {
            #expect(PartitionPath.serialize(v) == text)
            #expect(try PartitionPath.parse(text, as: t, column: "c") == v)
        }
        #expect(try PartitionPath.parse("2024-01-01T10:00:00.5Z", as: .timestamp, column: "c") == .timestamp(1_704_103_200_500_000))
        #expect(try PartitionPath.parse("2024-01-01 10:00:00+02:00", as: .timestamp, column: "c") == .timestamp(1_704_096_000_000_000))
        #expect(throws: DeltaLogError.invalidPartitionValue(column: "c", value: "2024-13-01")) {
            try PartitionPath.parse("2024-13-01", as: .date, column: "c")
        }
    }

    @Test func grouperAgreesWithBruteForce() throws {
        var rng = SeededGenerator(seed: 42)
        for trial in 0..<30 {
            let n = Int.random(in: 0...300, using: &rng)
            var a = ColumnBuilder(type: .string), b = ColumnBuilder(type: .int32), c = ColumnBuilder(type: .boolean)
            for _ in 0..<n {
                let x = Int.random(in: 0...6, using: &rng)
                if x == 0 { a.appendNull() } else { try a.append(string: trial % 2 == 0 ? "s\(x)" : String(repeating: "é", count: x)) }
                let y = Int32.random(in: 0...4, using: &rng)
                if y == 0 { b.appendNull() } else { try b.append(int32: y) }
                try c.append(boolean: Bool.random(using: &rng))
            }
            let columns = [a.finish(), b.finish(), c.finish()]
            let groups = PartitionGrouper.group(columns, rowCount: n)
            var expected: [[Value]: [Int]] = [:]
            var order: [[Value]] = []
            for r in 0..<n {
                let key = columns.map { $0.value(at: r) }
                if expected[key] == nil { order.append(key) }
                expected[key, default: []].append(r)
            }
            #expect(groups.map(\.values) == order, "trial \(trial)")
            #expect(groups.map(\.rows) == order.map { expected[$0] ?? [] }, "trial \(trial)")
        }
    }
}
