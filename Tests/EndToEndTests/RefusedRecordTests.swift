import Columnar
import Foundation
import Ingest
import Testing
import TestSupport

/// A record the table refuses for a reason every retry would meet again — here a `month` partition value that is
/// text after a declarative transform, in a table whose `month` is a date — goes to the quarantine table as
/// `write_failed` through the real `lake-ingest run`, while the rest of its batch commits and later batches keep
/// flowing: the partition is never blocked, nothing is retried.
@Suite struct RefusedRecordTests {
    static let domain = "e2e-refused"
    static let caseType = "visit"

    @Test func refusedRecordsAreQuarantinedAndThePartitionMovesOn() async throws {
        guard let kafka = try TestServices.kafka() else { return }
        let fx = try await Fixture(kafka: kafka, label: "refused", partitions: 2)
        try fx.writeConfig(source: """
            [source]
            kind = "inline"

            [[transforms]]
            op = "derive"
            column = "month"
            function = "copy"
            from = ["reporting_period"]
            """, batchRecords: 50)
        let table = TableIdentity(domain: Self.domain, topic: .cases, subtype: Self.caseType)
        let path = table.location(warehouse: fx.warehouse)
        let service = try LakeIngestProcess(config: fx.configPath, log: fx.log)
        var expected: [String: [String: Value]] = [:]
        var expectedQuarantine: [String] = []
        func settle(_ what: String) async {
            func differences() -> [String] {
                var out = TableRows.differences(table.tableName, path: path, expected: expected)
                let q = (try? TableRows.quarantined(warehouse: fx.warehouse, topics: Set(fx.topicNames.values))) ?? ["unreadable"]
                if q != expectedQuarantine.sorted() { out.append("quarantine holds \(q), expected \(expectedQuarantine.sorted())") }
                return out
            }
            let ok = await Wait.until(90) { differences().isEmpty }
            #expect(ok, "\(what):\n\(differences().prefix(20).joined(separator: "\n"))\n\(LakeIngestProcess.tail(fx.log))")
        }
        func produce(_ cases: [(id: String, version: Int64, period: String)]) async throws {
            let messages = cases.map { c in
                TypeChangeTests.message(fx, id: c.id, version: c.version, fields: ["reporting_period": .string(c.period)],
                                        domain: Self.domain, caseType: Self.caseType)
            }
            let offsets = try await fx.produce(messages[...])
            for (c, (m, offset)) in zip(cases, zip(messages, offsets)) {
                if let day = HQTime.parse(c.period)?.day {
                    expected[c.id] = ["month": .date(day), "server_modified_on": .timestamp(Feed.micros(c.version))]
                } else {
                    expectedQuarantine.append("\(fx.topicNames[.cases] ?? "")/\(Value.int64(Int64(m.partition)))/\(Value.int64(offset)) "
                                              + "\(Value.string("write_failed"))")
                }
            }
        }

        // The table is created with `month` a date partition column.
        try await produce((0..<6).map { ("v\($0)", 1, "2024-03-01") })
        await settle("phase 1")
        // One batch: new records, updates, and three whose month is text (one of them an update of v0, whose
        // earlier version stays).
        try await produce((6..<20).map { i in ("v\(i)", 2, [8, 13].contains(i) ? "March 2024" : "2024-04-01") }
                          + [("v1", 3, "2024-05-01"), ("v0", 3, "next month")])
        await settle("phase 2: the refused records quarantined, the rest committed")
        // The partitions are not blocked.
        try await produce((20..<26).map { ("v\($0)", 4, "2024-06-01") })
        await settle("phase 3")

        #expect(await service.terminate() == 0, "\(LakeIngestProcess.tail(fx.log))")
        #expect(expectedQuarantine.count == 3)
        // No batch was retried (a Kafka hiccup on a loaded machine may retry a poll; that is not what is checked).
        #expect(LakeIngestProcess.lines(fx.log, containing: "failed; retrying").filter { $0.contains("batch of") }.isEmpty,
                "\(LakeIngestProcess.tail(fx.log))")
        await fx.close()
    }
}
