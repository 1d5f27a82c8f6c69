import DeltaLog
import Foundation
import Testing
@testable import Ingest

/// A deletion (no subtype) searched among the domain's existing tables must not split a table the same batch
/// upserts into: found by directory its identity differs from the upserts' (a form's full xmlns).
@Suite struct DeletionScopeTests {
    @Test func upsertsBeforeADeletionInAnExistingFormTableAreKept() throws {
        var fx = try LoopFixture()
        var feed = InlineFeed()
        let forms = fx.table(.forms, InlineFeed.xmlns)
        _ = try fx.loop.process([feed.formSave("f1", modified: 1)], now: 1)
        let stats = try fx.loop.process([feed.formSave("f2", modified: 2), feed.formSave("f3", modified: 3),
                                         feed.deletion("f1", topic: "form-sql")], now: 2)
        #expect(Set(try fx.rows(forms).keys) == ["f2", "f3"])
        #expect(stats.alreadyApplied == 0 && stats.rowsDeleted == 1)
        let works = TableWork.byTable(BatchRouter().route([feed.formSave("f4", modified: 4), feed.deletion("f2", topic: "form-sql")], now: 3),
                                      existing: { d, t in [TableIdentity(domain: d, topic: t, subtype: "visit")] })
        #expect(works.count == 1 && works.first?.table.subtype == InlineFeed.xmlns)
    }
}
