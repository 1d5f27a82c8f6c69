import Columnar
import DeltaLog
import Testing
@testable import Ingest

/// A batch in which a column happens to be null in every record (a case not closed yet: `closed_on` null) must
/// keep the table's type for it: typed as string, the MERGE would widen the table's column to string for good.
@Suite struct NullColumnTests {
    @Test func allNullColumnKeepsTheTableType() throws {
        var fx = try LoopFixture()
        var feed = InlineFeed()
        _ = try fx.loop.process([feed.caseSave("c1", modified: 1, [("weight", .double(1.5)), ("closed_on", "2024-03-06T10:00:00.000000Z")])],
                                now: 1)
        _ = try fx.loop.process([feed.caseSave("c2", modified: 1, [("weight", .null), ("closed_on", .null)])], now: 2)
        let table = fx.table(.cases, "child")
        let schema = try table.snapshot().schema
        #expect(schema.column(named: "weight")?.type == .float64 && schema.column(named: "closed_on")?.type == .timestamp)
        #expect(try fx.rows(table, "weight") == ["c1": .float64(1.5), "c2": .null])
    }

    /// The location table's coordinate and archive columns have their types even when a batch's rows all lack them.
    @Test func locationColumnsAreTypedWhenAllNull() throws {
        var fx = try LoopFixture(inlineLocations: true)
        var feed = InlineFeed()
        let save = feed.locationSave("s", type: "state", parent: nil)
        guard case .object(var meta)? = try? JSONParser().parse(save.value ?? []), case .object(var doc)? = meta["document"] else {
            Issue.record("no document"); return
        }
        doc["latitude"] = .null
        doc["longitude"] = .null
        meta["document"] = .object(doc)
        let bare = IncomingMessage(topic: save.topic, partition: save.partition, offset: save.offset, key: save.key,
                                   value: JSONValue.object(meta).jsonBytes)
        _ = try fx.loop.process([bare], now: 1)
        let schema = try fx.table(.locations, nil).snapshot().schema
        #expect(schema.column(named: "state_latitude")?.type == .float64 && schema.column(named: "state_is_archived")?.type == .boolean)
    }
}
