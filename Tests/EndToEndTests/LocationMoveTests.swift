import Columnar
import Foundation
import Ingest
import PostgresClient
import Testing
import TestSupport

/// A location moves, with its subtree, under another parent while forms and cases keep arriving (HQ-like
/// database, real `lake-ingest run`): `<domain>_location` then holds the new ancestors of every location of the
/// moved subtree, and records ingested after the move are enriched with the new `<type>_id` columns (the cached
/// chains through the moved location are invalidated), while records ingested before keep the old ones. Two moves:
/// a supervisor to another district (district changes below it), then a flwc to another supervisor (its records'
/// `supervisor_id`, a partition column, changes); an archive marks a subtree; a deletion removes a subtree's rows and
/// the enrichment of the users below it.
@Suite struct LocationMoveTests {
    static let domain = "e2e-move"
    static let xmlns = "http://openrosa.org/formdesigner/e2e-move-visit"
    static let caseType = "household"
    /// Each user works at one flwc.
    static let users = ["u1": "flwc1", "u2": "flwc2", "u3": "flwc3"]

    @Test func movedSubtreeGetsNewAncestors() async throws {
        guard let kafka = try TestServices.kafka(), let pg = try TestServices.postgres() else { return }
        let schema = "e2e_move_" + UUID().uuidString.prefix(8).lowercased()
        let admin = try PGConnection(pg)
        try admin.execute("CREATE SCHEMA \(schema)")
        defer { _ = try? admin.execute("DROP SCHEMA \(schema) CASCADE") }
        let url = HQSchema.url(pg, schema: schema)
        let db = try PGConnection(url)
        try db.executeScript(HQSchema.mainDDL)
        try db.executeScript(HQSchema.shardDDL)
        var model = LocationModel(domain: Self.domain)
        try model.addTypes(db)
        for l in [LocationModel.Location(id: "st1", type: "state"),
                  .init(id: "d1", type: "district", latitude: 12.5, longitude: 77.25, parent: "st1"),
                  .init(id: "d2", type: "district", latitude: 13.75, longitude: 78.5, parent: "st1"),
                  .init(id: "sup1", type: "supervisor", latitude: 12.625, longitude: 77.125, parent: "d1"),
                  .init(id: "sup2", type: "supervisor", latitude: 13.5, longitude: 78.0, parent: "d2"),
                  .init(id: "flwc1", type: "flwc", latitude: 12.0625, longitude: 77.0, parent: "sup1"),
                  .init(id: "flwc2", type: "flwc", latitude: 12.125, longitude: 77.5, parent: "sup1"),
                  .init(id: "flwc3", type: "flwc", parent: "sup2")] {
            try model.add(l, db)
        }
        for (user, location) in Self.users {
            try db.execute("INSERT INTO users_sqluserdata (domain, user_id, data) VALUES ($1, $2, $3::jsonb)",
                           [Self.domain, user, #"{"commcare_location_id": "\#(location)"}"#])
        }

        let fx = try await Fixture(kafka: kafka, label: "locmove")
        let blobs = fx.dir.path + "/blobs"
        try fx.writeConfig(source: HQDatabase.sourceConfig(url: url, blobRoot: blobs), batchRecords: 20)
        let forms = TableIdentity(domain: Self.domain, topic: .forms, subtype: Self.xmlns)
        let cases = TableIdentity(domain: Self.domain, topic: .cases, subtype: Self.caseType)
        let locations = TableIdentity(domain: Self.domain, topic: .locations, subtype: nil)
        var expectedForms: [String: [String: Value]] = [:], expectedCases: [String: [String: Value]] = [:]
        func differences() -> [String] {
            TableRows.differences(locations.tableName, path: locations.location(warehouse: fx.warehouse), expected: model.expectedRows())
                + TableRows.differences(forms.tableName, path: forms.location(warehouse: fx.warehouse), expected: expectedForms)
                + TableRows.differences(cases.tableName, path: cases.location(warehouse: fx.warehouse), expected: expectedCases)
        }
        func settle(_ what: String) async {
            let ok = await Wait.until(90) { differences().isEmpty }
            #expect(ok, "\(what):\n\(differences().prefix(20).joined(separator: "\n"))\n\(LakeIngestProcess.tail(fx.log))")
        }
        var clock: Int64 = 0
        /// New forms by every user and new versions of `caseIDs` (case `n` is modified by user `n % 3 + 1`).
        func phase(_ n: Int, caseIDs: [Int]) async throws {
            var messages: [Feed.Message] = []
            for (k, user) in Self.users.keys.sorted().enumerated() {
                clock += 1
                let id = "form-\(n)-\(k)"
                try HQDatabase.putForm(db, blobRoot: blobs, id: id, domain: Self.domain, xmlns: Self.xmlns, user: user,
                                       serverModified: Feed.micros(clock), answer: "\(n * 10 + k)")
                expectedForms[id] = model.enrichment(Self.users[user] ?? "").merging(["form__answer": .string("\(n * 10 + k)")]) { a, _ in a }
                messages.append(Self.change(fx, .forms, id: id, type: "XFormInstance", subtype: Self.xmlns))
            }
            for c in caseIDs {
                clock += 1
                let id = "case-\(c)", user = "u\(c % 3 + 1)"
                try HQDatabase.putCase(db, id: id, domain: Self.domain, type: Self.caseType, user: user,
                                       serverModified: Feed.micros(clock), properties: #"{"visits": \#(n)}"#)
                expectedCases[id] = model.enrichment(Self.users[user] ?? "").merging(["visits": .int64(Int64(n))]) { a, _ in a }
                messages.append(Self.change(fx, .cases, id: id, type: "CommCareCase", subtype: Self.caseType))
            }
            _ = try await fx.produce(messages[...])
            await settle("phase \(n)")
        }
        /// HQ publishes one change for a saved location (a move or an archive): the location itself.
        func locationsChanged(_ ids: [String], deleted: Bool = false, _ what: String) async throws {
            _ = try await fx.produce(ids.map { Self.change(fx, .locations, id: $0, type: "Location", subtype: nil, deletion: deleted) }[...])
            await settle(what)
        }

        let service = try LakeIngestProcess(config: fx.configPath, log: fx.log)
        try await locationsChanged(["st1"], "the whole hierarchy")
        try await phase(1, caseIDs: Array(0..<6))

        try model.move("sup1", under: "d2", db)
        try await locationsChanged(["sup1"], "sup1 moved to d2")
        #expect(model.expectedRows()["flwc2"]?["district_id"] == .string("d2"))
        try await phase(2, caseIDs: [0, 1, 2, 6, 7])
        #expect(expectedForms["form-2-0"]?["district_id"] == .string("d2") && expectedCases["case-3"]?["district_id"] == .string("d1"))

        try model.move("flwc1", under: "sup2", db)
        try model.archive("sup2", db)
        try await locationsChanged(["flwc1", "sup2"], "flwc1 moved to sup2, sup2 archived")
        try await phase(3, caseIDs: [0, 3])
        #expect(expectedCases["case-0"]?["supervisor_id"] == .string("sup2") && expectedCases["case-6"]?["supervisor_id"] == .string("sup1"))

        // sup1 is deleted, with its subtree (flwc2), as HQ deletes it: their rows leave `<domain>_location`, and u2 —
        // still assigned to flwc2 — is no longer enriched (the cached chain through sup1 is dropped).
        try model.delete("sup1", db)
        try await locationsChanged(["sup1"], deleted: true, "sup1 and its subtree deleted")
        try await phase(4, caseIDs: [1, 4])
        #expect(model.expectedRows()["flwc2"] == nil && expectedForms["form-4-1"]?["supervisor_id"] == .null
                && expectedCases["case-1"]?["district_id"] == .null && expectedForms["form-3-1"]?["supervisor_id"] == .string("sup1"))

        #expect(await service.terminate() == 0, "\(LakeIngestProcess.tail(fx.log))")
        #expect(try TableRows.quarantined(warehouse: fx.warehouse, topics: Set(fx.topicNames.values)).isEmpty)
        for t in [forms, cases, locations] {
            #expect(!TableRows.catalogTypes(warehouse: fx.warehouse, table: t.tableName).isEmpty, "\(t.tableName) not in the catalog")
        }
        await fx.close()
    }

    static func change(_ fx: Fixture, _ topic: ChangeTopic, id: String, type: String, subtype: String?,
                       deletion: Bool = false) -> Feed.Message {
        Feed.Message(topic: topic, partition: Feed.partition(of: id, fx.partitions), key: Array(id.utf8),
                     value: Feed.change(id: id, type: type, subtype: subtype, domain: domain, deletion: deletion).jsonBytes,
                     effect: .unchecked)
    }
}
