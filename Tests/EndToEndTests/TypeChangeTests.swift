import Columnar
import DeltaLog
import Foundation
import Ingest
import Testing
import TestSupport

/// Fields whose JSON type changes between batches, through the real `lake-ingest run`: an integer that later
/// arrives as text or as a fraction, a date that later arrives as a date-time, a boolean that later arrives as a
/// number, text that later arrives as a number. Each column widens (Delta type widening), rows written before read
/// back in the wider type, later narrow values fit the widened column, the catalog follows, nothing is quarantined.
@Suite struct TypeChangeTests {
    static let domain = "e2e-types"
    static let caseType = "patient"

    @Test func changingFieldTypesWidenColumns() async throws {
        guard let kafka = try TestServices.kafka() else { return }
        let fx = try await Fixture(kafka: kafka, label: "types")
        try fx.writeConfig(source: "[source]\nkind = \"inline\"", batchRecords: 50)
        let table = TableIdentity(domain: Self.domain, topic: .cases, subtype: Self.caseType)
        let path = table.location(warehouse: fx.warehouse)
        let service = try LakeIngestProcess(config: fx.configPath, log: fx.log)
        var expected: [String: [String: Value]] = [:]

        // Phase 1: the narrow types.
        var phase1: [Feed.Message] = []
        for i in 0..<6 {
            let id = "p\(i)"
            phase1.append(Self.message(fx, id: id, version: 1, fields: [
                "weight": .int(Int64(10 + i)), "score": .int(Int64(i)), "dob": .string("2024-03-0\(i + 1)"),
                "flag": .bool(i % 2 == 0), "code": .string("c-\(i)")]))
            expected[id] = ["weight": .int64(Int64(10 + i)), "score": .int64(Int64(i)), "dob": .date(Self.day(i + 1)),
                            "flag": .boolean(i % 2 == 0), "code": .string("c-\(i)")]
        }
        _ = try await fx.produce(phase1[...])
        #expect(await Wait.until(60) { TableRows.differences("phase 1", path: path, expected: expected).isEmpty },
                "\(TableRows.differences("phase 1", path: path, expected: expected).prefix(10))\n\(LakeIngestProcess.tail(fx.log))")
        #expect(TableRows.catalogTypes(warehouse: fx.warehouse, table: table.tableName)["weight"] == "bigint")

        // Phase 2: wider types for every field, in new rows and in an update of p0.
        var phase2: [Feed.Message] = []
        for i in 6..<10 {
            let id = "p\(i)"
            phase2.append(Self.message(fx, id: id, version: 1, fields: [
                "weight": .string("\(i) kg"), "score": .double(Double(i) + 0.5),
                "dob": .string("2024-03-0\(i - 5)T10:30:00.000000Z"), "flag": .int(Int64(i)), "code": .int(Int64(i))]))
            expected[id] = ["weight": .string("\(i) kg"), "score": .float64(Double(i) + 0.5),
                            "dob": .timestamp(Self.micros(day: i - 5, seconds: 10 * 3600 + 30 * 60)),
                            "flag": .string("\(i)"), "code": .string("\(i)")]
        }
        phase2.append(Self.message(fx, id: "p0", version: 2, fields: [
            "weight": .string("heavy"), "score": .double(0.25), "dob": .string("2024-03-01T00:00:01.000000Z"),
            "flag": .string("maybe"), "code": .string("c-0")]))
        // Phase 3 (same run): narrow values again, into the widened columns.
        phase2.append(Self.message(fx, id: "p10", version: 1, fields: [
            "weight": .int(4), "score": .int(11), "dob": .string("2024-03-09"), "flag": .bool(false), "code": .string("c-10")]))
        // Rows written in phase 1 now read back in the widened types.
        for i in 1..<6 {
            expected["p\(i)"] = ["weight": .string("\(10 + i)"), "score": .float64(Double(i)),
                                 "dob": .timestamp(Self.micros(day: i + 1, seconds: 0)),
                                 "flag": .string(i % 2 == 0 ? "true" : "false"), "code": .string("c-\(i)")]
        }
        expected["p0"] = ["weight": .string("heavy"), "score": .float64(0.25), "dob": .timestamp(Self.micros(day: 1, seconds: 1)),
                          "flag": .string("maybe"), "code": .string("c-0")]
        expected["p10"] = ["weight": .string("4"), "score": .float64(11), "dob": .timestamp(Self.micros(day: 9, seconds: 0)),
                           "flag": .string("false"), "code": .string("c-10")]
        // One message per batch would be too easy: produce them together so the batch mixes types as well.
        _ = try await fx.produce(phase2[...])
        let done = await Wait.until(60) { TableRows.differences(table.tableName, path: path, expected: expected).isEmpty }
        #expect(done, "\(TableRows.differences(table.tableName, path: path, expected: expected).prefix(20).joined(separator: "\n"))\n\(LakeIngestProcess.tail(fx.log))")

        #expect(await service.terminate() == 0, "\(LakeIngestProcess.tail(fx.log))")
        let types = TableRows.catalogTypes(warehouse: fx.warehouse, table: table.tableName)
        #expect(["weight", "score", "dob", "flag", "code"].map { types[$0] ?? "-" } == ["string", "double", "timestamp", "string", "string"],
                "\(types)")
        let snapshot = try DeltaTable(path: path).snapshot()
        #expect(snapshot.protocolAction.writerFeatures?.contains("typeWidening") == true)
        #expect(try TableRows.quarantined(warehouse: fx.warehouse, topics: Set(fx.topicNames.values)).isEmpty)
        #expect(LakeIngestProcess.lines(fx.log, containing: "failed; retrying").isEmpty)
        await fx.close()
    }

    /// A case change carrying its document (inline source) with `fields` as custom properties.
    static func message(_ fx: Fixture, id: String, version: Int64, fields: [String: Ingest.JSONValue],
                        domain: String = domain, caseType: String = caseType) -> Feed.Message {
        var doc = JSONObject([("_id", .string(id)), ("case_id", .string(id)), ("doc_type", "CommCareCase"),
                              ("domain", .string(domain)), ("type", .string(caseType)), ("owner_id", "owner-1"),
                              ("user_id", "u1"), ("opened_on", .string(Feed.hqTime(Feed.micros(0)))),
                              ("server_modified_on", .string(Feed.hqTime(Feed.micros(version))))])
        for (k, v) in fields.sorted(by: { $0.key < $1.key }) { doc[k] = v }
        let change = Feed.change(id: id, type: "CommCareCase", subtype: caseType, domain: domain, document: .object(doc))
        return Feed.Message(topic: .cases, partition: Feed.partition(of: id, fx.partitions), key: Array(id.utf8),
                            value: change.jsonBytes, effect: .unchecked)
    }

    /// Days since 1970 of 2024-03-`day`.
    static func day(_ day: Int) -> Int32 { Int32(Feed.baseSeconds / 86_400) + Int32(day - 1) }

    static func micros(day: Int, seconds: Int64) -> Int64 { (Feed.baseSeconds + Int64(day - 1) * 86_400 + seconds) * 1_000_000 }
}
