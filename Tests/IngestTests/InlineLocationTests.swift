import Columnar
import DeltaLog
import Testing
@testable import Ingest

/// The inline mode keeps `<domain>_location` from the documents the `location` messages carry: the hierarchy is
/// learnt from them (children may come before their parents), a move rewrites the subtree, the directory is rebuilt
/// from the table after a restart, a deletion removes the subtree, and a message without a usable document is
/// quarantined.
@Suite struct InlineLocationTests {
    @Test func locationTableFollowsInlineDocuments() throws {
        var fx = try LoopFixture(inlineLocations: true)
        var feed = InlineFeed()
        let locations = fx.table(.locations, nil)
        // The flwc and supervisor arrive before their ancestors.
        _ = try fx.loop.process([feed.locationSave("f1", type: "flwc", parent: "p1"), feed.locationSave("p1", type: "supervisor", parent: "d1"),
                                 feed.locationSave("s", type: "state", parent: nil), feed.locationSave("d1", type: "district", parent: "s"),
                                 feed.locationSave("d2", type: "district", parent: "s")], now: 1)
        var rows = try IngestLocationTests.rows(locations)
        #expect(Set(rows.keys) == ["s", "d1", "d2", "p1", "f1"])
        #expect(rows["f1"]?["state_id"] == .string("s") && rows["f1"]?["district_id"] == .string("d1")
                && rows["f1"]?["supervisor_name"] == .string("name-p1") && rows["f1"]?["flwc_longitude"] == .float64(-2))
        #expect(rows["d2"]?["supervisor_id"] == .null && rows["d2"]?["location_type"] == .string("district"))

        // p1 moves under d2: its subtree (p1, f1) gets the new district.
        _ = try fx.loop.process([feed.locationSave("p1", type: "supervisor", parent: "d2")], now: 2)
        rows = try IngestLocationTests.rows(locations)
        #expect(rows["f1"]?["district_id"] == .string("d2") && rows["p1"]?["district_id"] == .string("d2"))

        // A restart: a new loop over the same warehouse knows the hierarchy from the table. Archiving d2 rewrites
        // its subtree, whose chains reach the state.
        fx.loop = try IngestLoop(config: fx.loop.config,
                                 sources: IngestSources(documents: InlineDocumentSource(),
                                                        locations: InlineLocationDirectory(warehouse: fx.warehouse)))
        _ = try fx.loop.process([feed.locationSave("d2", type: "district", parent: "s", archived: true)], now: 3)
        rows = try IngestLocationTests.rows(locations)
        #expect(rows["f1"]?["district_is_archived"] == .boolean(true) && rows["f1"]?["state_id"] == .string("s")
                && rows["f1"]?["supervisor_id"] == .string("p1") && rows["f1"]?["flwc_is_archived"] == .boolean(false))
        #expect(rows["d1"]?["district_is_archived"] == .boolean(false))

        // Deleting p1 removes it with its subtree; a later save under it is a root until p1 comes back.
        _ = try fx.loop.process([feed.locationChange("p1", deleted: true)], now: 4)
        rows = try IngestLocationTests.rows(locations)
        #expect(Set(rows.keys) == ["s", "d1", "d2"])

        // No document, and a document without a type: quarantined; the others in the batch are applied.
        let bad = [feed.locationChange("x1"), feed.locationSave("x2", type: "", parent: "d1"), feed.locationSave("p3", type: "supervisor", parent: "d1")]
        let stats = try fx.loop.process(bad, now: 5)
        #expect(stats.quarantined == 2)
        rows = try IngestLocationTests.rows(locations)
        #expect(Set(rows.keys) == ["s", "d1", "d2", "p3"] && rows["p3"]?["district_id"] == .string("d1"))
        let kinds = try DeltaTable(path: fx.loop.quarantineLocation).scan(columns: ["offset", "error_kind"]).rows()
            .map { "\($0["offset"] ?? .null) \($0["error_kind"] ?? .null)" }.sorted()
        #expect(kinds == ["\(Value.int64(bad[0].offset)) \(Value.string("missing_document"))",
                          "\(Value.int64(bad[1].offset)) \(Value.string("bad_document"))"])
        // The table records the batch's offset after the quarantine rows.
        #expect(try IngestPartitionsTests.versions(locations).values.max() == (bad.last?.offset ?? 0) + 1)
    }
}
