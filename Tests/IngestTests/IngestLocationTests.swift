import Columnar
import DeltaLog
import Metastore
import Testing
@testable import Ingest

/// Issue 9 §5: the `location` topic maintains `<domain>_location`, one row per location with its ancestors, for
/// every location of a changed subtree; location changes invalidate the enrichment cache.
@Suite struct IngestLocationTests {
    /// state s → districts d1, d2 → supervisors p1 (under d1), p2 (under d2) → flwc f1 (under p1); user u1 at f1.
    static func hierarchy() -> StaticLocationDirectory {
        var dir = StaticLocationDirectory(users: ["u1": "f1"])
        func add(_ id: String, _ type: String, _ parent: String?) {
            dir.locations[id] = (LocationNode(locationID: id, typeName: type, name: "name-\(id)", siteCode: "site-\(id)",
                                              latitude: 1.5, longitude: -2.25), parent)
        }
        add("s", "state", nil)
        add("d1", "district", "s")
        add("d2", "district", "s")
        add("p1", "supervisor", "d1")
        add("p2", "supervisor", "d2")
        add("f1", "flwc", "p1")
        return dir
    }

    @Test func locationTableFollowsSavesMovesAndDeletes() throws {
        var fx = try LoopFixture(directory: Self.hierarchy())
        var feed = InlineFeed()
        let locations = fx.table(.locations, nil)
        // Saving the root writes a row for every location below it.
        let first = try fx.loop.process([feed.locationChange("s")], now: 1)
        #expect(first.tablesCreated == 1 && first.rowsInserted == 6)
        let names = try fx.loop.catalog.tables(in: "commcare")
        #expect(names == ["d1_location"])
        var rows = try Self.rows(locations)
        #expect(Set(rows.keys) == ["s", "d1", "d2", "p1", "p2", "f1"])
        let f1 = try #require(rows["f1"])
        #expect(f1["state_id"] == .string("s") && f1["district_id"] == .string("d1") && f1["supervisor_id"] == .string("p1"))
        #expect(f1["flwc_id"] == .string("f1") && f1["flwc_name"] == .string("name-f1") && f1["district_site_code"] == .string("site-d1"))
        #expect(f1["supervisor_latitude"] == .float64(1.5) && f1["state_longitude"] == .float64(-2.25))
        #expect(f1["flwc_is_archived"] == .boolean(false) && f1["location_type"] == .string("flwc"))
        #expect(rows["d2"]?["supervisor_id"] == .null && rows["d2"]?["flwc_id"] == .null)

        // Moving p1 under d2 rewrites its whole subtree (p1 and f1); archiving shows in the flag.
        var dir = Self.hierarchy()
        dir.locations["p1"]?.parent = "d2"
        dir.locations["f1"]?.node.isArchived = true
        fx.loop.sources.locations = dir
        let move = try fx.loop.process([feed.locationChange("p1")], now: 2)
        #expect(move.rowsUpdated == 2 && move.rowsInserted == 0)
        rows = try Self.rows(locations)
        #expect(rows["f1"]?["district_id"] == .string("d2") && rows["p1"]?["district_id"] == .string("d2"))
        #expect(rows["f1"]?["flwc_is_archived"] == .boolean(true))
        #expect(rows["d1"]?["district_id"] == .string("d1") && rows.count == 6)

        // Deleting p1 (HQ deletes its subtree too) removes p1 and f1, found through their supervisor_id.
        dir.locations["p1"] = nil
        dir.locations["f1"] = nil
        fx.loop.sources.locations = dir
        let deleted = try fx.loop.process([feed.locationChange("p1", deleted: true)], now: 3)
        #expect(deleted.rowsDeleted == 2)
        #expect(Set(try Self.rows(locations).keys) == ["s", "d1", "d2", "p2"])

        // An unknown location is quarantined; the table then records the offset alone (after the quarantine row),
        // and a redelivery changes nothing.
        let version = try #require(try locations.latestVersion())
        let ghost = feed.locationChange("ghost")
        let again = try fx.loop.process([ghost], now: 4)
        #expect(again.quarantined == 1 && again.rowsInserted == 0)
        #expect(try locations.latestVersion() == version + 1)
        let redelivered = try fx.loop.process([ghost], now: 5)
        #expect(redelivered.quarantined == 0 && redelivered.commits == 0)
        #expect(try locations.latestVersion() == version + 1)
    }

    @Test func locationChangesInvalidateEnrichment() throws {
        var fx = try LoopFixture(directory: Self.hierarchy())
        var feed = InlineFeed()
        let children = fx.table(.cases, "child")
        _ = try fx.loop.process([feed.caseSave("c1", modified: 1, [("user_id", "u1")])], now: 1)
        #expect(try fx.rows(children, "supervisor_id")["c1"] == .string("p1"))
        #expect(try fx.rows(children, "district_id")["c1"] == .string("d1"))

        // f1 moves to p2: without a location message the cached chain is still used...
        var dir = Self.hierarchy()
        dir.locations["f1"]?.parent = "p2"
        fx.loop.sources.locations = dir
        _ = try fx.loop.process([feed.caseSave("c1", modified: 2, [("user_id", "u1")])], now: 2)
        #expect(try fx.rows(children, "supervisor_id")["c1"] == .string("p1"))
        // ...the move's message (in the same batch as the next case save) invalidates it before enrichment.
        _ = try fx.loop.process([feed.caseSave("c1", modified: 3, [("user_id", "u1")]), feed.locationChange("f1")], now: 3)
        #expect(try fx.rows(children, "supervisor_id")["c1"] == .string("p2"))
        #expect(try fx.rows(children, "district_id")["c1"] == .string("d2"))
        #expect(try Self.rows(fx.table(.locations, nil))["f1"]?["supervisor_id"] == .string("p2"))
    }

    static func rows(_ table: DeltaTable) throws -> [String: [String: Value]] {
        var out: [String: [String: Value]] = [:]
        for row in try table.scan().rows() {
            if case .string(let id)? = row["_id"] { out[id] = row }
        }
        return out
    }
}
