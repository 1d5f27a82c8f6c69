import Testing
import TestSupport
import Columnar
@testable import DeltaLog

@Suite struct TableOperationsTests {
    static var schema: Schema {
        get throws { try Schema(columns: [("id", .int64, false), ("name", .string, true), ("score", .int32, true), ("month", .string, true)]) }
    }

    static func batch(_ rows: [(Int64, String?, Int32?, String?)]) throws -> RecordBatch {
        var b = RecordBatchBuilder(schema: try schema)
        for r in rows {
            let name: Value = r.1.map(Value.string) ?? .null
            let score: Value = r.2.map(Value.int32) ?? .null
            let month: Value = r.3.map(Value.string) ?? .null
            try b.append(row: [.int64(r.0), name, score, month])
        }
        return try b.finish()
    }

    static func ids(_ t: DeltaTable, filter: Predicate? = nil, version: Int64? = nil) throws -> [Int64] {
        try t.scan(columns: ["id"], filter: filter, version: version).rows().compactMap { if case let .int64(i) = $0["id"] { return i } else { return nil } }.sorted()
    }

    static let months = ["2024-01-01", "a b/c=d%e été", nil, "x"]

    func makeTable(_ dir: borrowing TemporaryDirectory) throws -> DeltaTable {
        let t = DeltaTable(path: dir.path)
        try t.create(TableDefinition(schema: try Self.schema, partitionColumns: ["month"]))
        return t
    }

    @Test func appendAndReadBackExactRowsAcrossPartitions() throws {
        let dir = try TemporaryDirectory()
        let t = try makeTable(dir)
        var rows: [(Int64, String?, Int32?, String?)] = []
        for i in 0..<40 {
            let name: String? = i % 5 == 0 ? nil : "n\(i)"
            rows.append((Int64(i), name, Int32(i * 10), Self.months[i % 4]))
        }
        let r = try t.append([try Self.batch(rows)])
        #expect(r.version == 1)
        let s = try t.snapshot()
        #expect(s.fileCount == 4)
        // Hive directories with escaping and the null partition; values in the log are unescaped.
        let dirs = Set(s.files.map { String($0.path.split(separator: "/").first ?? "") })
        #expect(dirs == ["month=2024-01-01", "month=a b%2Fc%3Dd%25e été", "month=__HIVE_DEFAULT_PARTITION__", "month=x"])
        #expect(Set(s.files.map { $0.partitionValues.values.first ?? nil }) == Set(Self.months))
        let info = try #require(try t.history(limit: 1).first?.commitInfo)
        #expect(info.operation == "WRITE" && info.operationMetrics["numOutputRows"] == "40" && info.operationMetrics["numFiles"] == "4")
        #expect(info.isBlindAppend == true && info.readVersion == 0)

        let back = try t.scan().rows()
        #expect(back.count == 40)
        for row in back {
            guard case let .int64(id) = row["id"] else { Issue.record("id missing"); continue }
            let i = Int(id)
            #expect(row["name"] == (i % 5 == 0 ? .null : .string("n\(i)")))
            #expect(row["score"] == .int32(Int32(i * 10)))
            #expect(row["month"] == (Self.months[i % 4].map(Value.string) ?? .null))
        }
        #expect(try t.scan().count() == 40)
    }

    @Test func filtersPrunePartitionsFilesAndRows() throws {
        let dir = try TemporaryDirectory()
        let t = try makeTable(dir)
        for chunk in 0..<4 {
            try t.append([try Self.batch((0..<25).map { i in
                let id = Int64(chunk * 25 + i)
                return (id, "n\(id)", Int32(id), chunk % 2 == 0 ? "2024-01-01" : "2024-02-01")
            })])
        }
        let byPartition = try t.scan(filter: .eq("month", .string("2024-02-01")))
        #expect(byPartition.files.count == 2)
        #expect(try byPartition.count() == 50)
        let byStats = try t.scan(filter: .ge("id", .int64(80)))
        #expect(byStats.files.count == 1)
        #expect(try Self.ids(t, filter: .ge("id", .int64(80))) == Array(80...99))
        let mixed = Predicate.or(.eq("month", .string("2024-01-01")), .lt("score", .int32(30)))
        #expect(try Self.ids(t, filter: mixed) == Array(0...29) + Array(50...74))
        #expect(try t.scan(filter: .and(.eq("month", .string("2024-01-01")), .isIn("id", [.int64(3), .int64(30), .int64(77)]))).count() == 1)
        #expect(try t.scan(filter: .isNull("month")).count() == 0)
        #expect(throws: DeltaLogError.self) { try t.scan(filter: .eq("id", .string("x"))) }
        #expect(throws: DeltaLogError.unknownColumn("nope")) { try t.scan(columns: ["nope"]) }
    }

    @Test func overwriteWholeTableAndPartitions() throws {
        let dir = try TemporaryDirectory()
        let t = try makeTable(dir)
        try t.append([try Self.batch([(1, "a", 1, "2024-01-01"), (2, "b", 2, "2024-02-01"), (3, "c", 3, nil)])])
        let r = try t.overwrite([try Self.batch([(10, "z", 1, "2024-02-01")])], partitions: .eq("month", .string("2024-02-01")))
        #expect(try Self.ids(t) == [1, 3, 10])
        let info = try #require(try t.history(limit: 1).first?.commitInfo)
        #expect(info.operationParameters["mode"] == "Overwrite" && info.operationMetrics["numRemovedFiles"] == "1")
        #expect(r.version == 2)
        #expect(throws: DeltaLogError.self) {
            try t.overwrite([try Self.batch([(11, "q", 1, "2024-03-01")])], partitions: .eq("month", .string("2024-02-01")))
        }
        #expect(throws: DeltaLogError.invalidArgument("predicate column 'id' is not a partition column")) {
            try t.overwrite([try Self.batch([(11, "q", 1, "2024-03-01")])], partitions: .eq("id", .int64(1)))
        }
        try t.overwrite([try Self.batch([(20, nil, nil, "2024-05-01")])])
        #expect(try Self.ids(t) == [20])
        #expect(try Self.ids(t, version: 1) == [1, 2, 3])
        #expect(try Self.ids(t, version: 2) == [1, 3, 10])
    }

    @Test func restoreBringsBackAnEarlierVersion() throws {
        let dir = try TemporaryDirectory()
        let t = try makeTable(dir)
        try t.append([try Self.batch([(1, "a", 1, "m1")])])
        try t.append([try Self.batch([(2, "b", 2, "m2")])])
        try t.overwrite([try Self.batch([(3, "c", 3, "m3")])])
        let r = try t.restore(toVersion: 2)
        #expect(r.version == 4)
        #expect(try Self.ids(t) == [1, 2])
        let info = try #require(try t.history(limit: 1).first?.commitInfo)
        #expect(info.operation == "RESTORE" && info.operationMetrics["numRestoredFiles"] == "2" && info.operationMetrics["numRemovedFiles"] == "1")
        #expect(throws: DeltaLogError.versionNotAvailable(requested: 9, oldest: 0, newest: 4)) { try t.restore(toVersion: 9) }
    }

    @Test func timeTravelReadsEveryVersionsRows() throws {
        let dir = try TemporaryDirectory()
        let t = try makeTable(dir)
        for i in 1...50 {
            if i % 10 == 0 {
                try t.overwrite([try Self.batch([(Int64(i), "o", 0, "m")])], partitions: .eq("month", .string("m")))
            } else {
                try t.append([try Self.batch([(Int64(i), "a", 0, i % 2 == 0 ? "m" : "k")])])
            }
        }
        var model: [Int64: String] = [:]
        for v in 1...50 {
            let i = Int64(v)
            if v % 10 == 0 { model = model.filter { $0.value != "m" } }
            model[i] = v % 10 == 0 ? "m" : (v % 2 == 0 ? "m" : "k")
            #expect(try Self.ids(t, version: i) == model.keys.sorted(), "version \(v)")
        }
        let s10 = try t.snapshot(version: 10)
        #expect(try t.scan(columns: ["id"], timestamp: s10.timestamp).snapshot.version == 10)
    }

    struct Person: Decodable, Equatable {
        let id: Int
        let name: String?
        let score: Int32?
    }

    @Test func decodesRowsIntoCallerTypes() throws {
        let dir = try TemporaryDirectory()
        let t = try makeTable(dir)
        try t.append([try Self.batch([(1, "ann", 5, "m"), (2, nil, nil, "m")])])
        let people = try t.scan(columns: ["id", "name", "score"]).decode(Person.self).sorted { $0.id < $1.id }
        #expect(people == [Person(id: 1, name: "ann", score: 5), Person(id: 2, name: nil, score: nil)])
        struct Wrong: Decodable { let name: Int }
        #expect(throws: DecodingError.self) { try t.scan(filter: .eq("id", .int64(1))).decode(Wrong.self) }
    }
}
