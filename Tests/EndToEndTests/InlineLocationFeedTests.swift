import Columnar
import Foundation
import Ingest
import Testing
import TestSupport

/// The inline mode's `location` topic through the real `lake-ingest run`: every message carries its location as
/// HQ's `SQLLocation.to_json()` does, children produced before their parents and spread over partitions.
/// `<domain>_location` then holds each location's ancestors row by row; a move rewrites the subtree, an archived
/// subtree shows in its flags, a restarted process still knows the hierarchy (rebuilt from the table), and a
/// deletion removes the subtree's rows. Nothing is quarantined.
@Suite struct InlineLocationFeedTests {
    static let domain = "e2e-inline-loc"

    @Test func locationTableFollowsInlineDocuments() async throws {
        guard let kafka = try TestServices.kafka() else { return }
        let fx = try await Fixture(kafka: kafka, label: "inlineloc")
        try fx.writeConfig(source: "[source]\nkind = \"inline\"", batchRecords: 20)
        let table = TableIdentity(domain: Self.domain, topic: .locations, subtype: nil)
        var model = LocationModel(domain: Self.domain)
        for l in [LocationModel.Location(id: "st1", type: "state"),
                  .init(id: "d1", type: "district", latitude: 12.5, longitude: 77.25, parent: "st1"),
                  .init(id: "d2", type: "district", parent: "st1"),
                  .init(id: "sup1", type: "supervisor", latitude: 12.625, parent: "d1"),
                  .init(id: "sup2", type: "supervisor", parent: "d2"),
                  .init(id: "flwc1", type: "flwc", latitude: 12.0625, longitude: 77.0, parent: "sup1"),
                  .init(id: "flwc2", type: "flwc", parent: "sup1"),
                  .init(id: "flwc3", type: "flwc", parent: "sup2")] {
            model.put(l)
        }
        func settle(_ what: String) async {
            func differences() -> [String] {
                TableRows.differences(table.tableName, path: table.location(warehouse: fx.warehouse), expected: model.expectedRows())
            }
            let ok = await Wait.until(90) { differences().isEmpty }
            #expect(ok, "\(what):\n\(differences().prefix(20).joined(separator: "\n"))\n\(LakeIngestProcess.tail(fx.log))")
        }
        func produce(_ ids: [String], deleted: Bool = false) async throws {
            let messages = ids.map { id in
                Feed.Message(topic: .locations, partition: Feed.partition(of: id, fx.partitions), key: Array(id.utf8),
                             value: Feed.change(id: id, type: "Location", subtype: nil, domain: Self.domain, deletion: deleted,
                                                document: deleted ? nil : model.document(id)).jsonBytes,
                             effect: .unchecked)
            }
            _ = try await fx.produce(messages[...])
        }

        var service = try LakeIngestProcess(config: fx.configPath, log: fx.log)
        try await produce(["flwc1", "flwc2", "flwc3", "sup1", "sup2", "d1", "d2", "st1"])
        await settle("the hierarchy, leaves first")

        model.put(.init(id: "sup1", type: "supervisor", latitude: 12.625, parent: "d2"))
        try await produce(["sup1"])
        await settle("sup1 moved under d2")
        #expect(model.expectedRows()["flwc2"]?["district_id"] == .string("d2"))

        // HQ archives a subtree by saving each of its locations.
        for id in model.subtree("sup2") {
            if var l = model.locations[id] {
                l.archived = true
                model.put(l)
            }
        }
        try await produce(model.subtree("sup2"))
        await settle("sup2 and flwc3 archived")

        // A new process knows the hierarchy from the table: moving flwc1 under sup2 gives it sup2's ancestors.
        #expect(await service.terminate() == 0, "\(LakeIngestProcess.tail(fx.log))")
        service = try LakeIngestProcess(config: fx.configPath, log: fx.log)
        model.put(.init(id: "flwc1", type: "flwc", latitude: 12.0625, longitude: 77.0, parent: "sup2"))
        try await produce(["flwc1"])
        await settle("flwc1 moved under sup2 after a restart")
        #expect(model.expectedRows()["flwc1"]?["supervisor_is_archived"] == .boolean(true))

        // Deleting d2 deletes its subtree (sup1, sup2, flwc1, flwc2, flwc3).
        model.remove("d2")
        try await produce(["d2"], deleted: true)
        await settle("d2 and its subtree deleted")
        #expect(Set(model.expectedRows().keys) == ["st1", "d1"])

        #expect(await service.terminate() == 0, "\(LakeIngestProcess.tail(fx.log))")
        #expect(try TableRows.quarantined(warehouse: fx.warehouse, topics: Set(fx.topicNames.values)).isEmpty)
        #expect(!TableRows.catalogTypes(warehouse: fx.warehouse, table: table.tableName).isEmpty)
        await fx.close()
    }
}
