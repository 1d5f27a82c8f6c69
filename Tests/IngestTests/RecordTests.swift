import Testing
@testable import Ingest

@Suite struct RecordTests {
    @Test func wideningLattice() {
        #expect(FieldType.int64.widened(with: .double) == .double)
        #expect(FieldType.double.widened(with: .int64) == .double)
        #expect(FieldType.date.widened(with: .timestamp) == .timestamp)
        #expect(FieldType.int64.widened(with: .string) == .string)
        #expect(FieldType.bool.widened(with: .int64) == .string)
        #expect(FieldType.json.widened(with: .string) == .string)
        for t in FieldType.allCases { #expect(t.widened(with: t) == t) }
    }

    @Test func inferenceWidensAndConforms() {
        var s = SchemaInference()
        s.add(FlatRecord([("_id", .string("a")), ("n", .int64(3)), ("d", .date(0)), ("x", .null)]))
        s.add(FlatRecord([("_id", .string("b")), ("n", .double(0.5)), ("d", .timestamp(5)), ("flag", .bool(true))]))
        #expect(s.columns.map(\.name) == ["_id", "n", "d", "x", "flag"])
        #expect(s.columns.map(\.type) == [.string, .double, .timestamp, .string, .bool])
        #expect(s.conform(FlatRecord([("_id", .string("a")), ("n", .int64(3)), ("d", .date(1))]))
                == [.string("a"), .double(3), .timestamp(HQTime.microsPerDay), .null, .null])
        var t = SchemaInference()
        t.add(FlatRecord([("v", .int64(7))]))
        t.add(FlatRecord([("v", .bool(false))]))
        #expect(t.conform(FlatRecord([("v", .int64(7))])) == [.string("7")])
    }

    @Test func recordEditing() {
        var r = FlatRecord([("a", .int64(1)), ("b", .int64(2)), ("c", .int64(3))])
        let renamed = r.rename("b", to: "c")
        #expect(renamed)
        #expect(r.names == ["a", "c"] && r["c"] == .int64(2))
        let missing = r.rename("zz", to: "y")
        #expect(!missing)
        r["a"] = nil
        r["d"] = .null
        #expect(r.names == ["c", "d"])
        r.removeAll { $0.hasPrefix("d") }
        #expect(r.names == ["c"])
    }

    @Test func quarantineRowKeepsBinaryRecoverable() {
        let q = QuarantineRecord(topic: "form-sql", partition: 3, offset: 42, key: Array("k".utf8), rawValue: [0xFF, 0x00, 0x61],
                                 kind: .malformedChange, error: "bad", time: 7)
        let row = q.row
        #expect(row.names == ["topic", "partition", "offset", "key", "raw_value", "error_kind", "error", "time"])
        #expect(row["raw_value"] == .string("base64:/wBh"))
        #expect(row["key"] == .string("k"))
        #expect(row["partition"] == .int64(3) && row["offset"] == .int64(42) && row["time"] == .timestamp(7))
        #expect(Base64.encode(Array("hello".utf8)) == "aGVsbG8=")
        #expect(Base64.encode([]) == "")
    }
}

@Suite struct ExtremeValueTests {
    @Test func outOfRangeDatesDoNotTrap() {
        // Int64 microseconds reach about ±106.75 million days; beyond that there is no timestamp, not a trap.
        #expect(HQTime.timestamp(ofDay: 100_000_000) == 100_000_000 * HQTime.microsPerDay)
        #expect(HQTime.timestamp(ofDay: Int32.max) == nil)
        #expect(FieldValue.date(Int32.min).converted(to: .timestamp) == nil)
        #expect(FieldCast.cast(.date(Int32.max), to: .timestamp) == nil)
        #expect(FieldValue.timestamp(Int64.min).text != nil && FieldValue.timestamp(Int64.max).text != nil)
        #expect(FieldValue.date(Int32.min).text != nil)
        var cache = LocationCache(userTTLSeconds: Int.max)
        var dir = StaticLocationDirectory(users: ["u": "l"])
        #expect(throws: Never.self) { _ = try cache.chains(forUsers: ["u"], now: Int64.min, directory: &dir) }
        #expect(throws: Never.self) { _ = try cache.chains(forUsers: ["u"], now: Int64.max, directory: &dir) }
    }
}
