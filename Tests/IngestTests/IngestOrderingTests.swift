import Columnar
import DeltaLog
import Testing
@testable import Ingest

/// Issue 9 §5: within one batch the messages of an id apply in offset order; deletions (no subtype) find the record
/// among the domain's tables of the topic; archived forms leave and come back; deprecated, duplicate and error
/// forms are never ingested.
@Suite struct IngestOrderingTests {
    @Test func laterMessageOfAnIdWinsWithinABatch() throws {
        var fx = try LoopFixture()
        var feed = InlineFeed()
        let children = fx.table(.cases, "child")
        // Batch 1: c1 and c2 exist.
        _ = try fx.loop.process([feed.caseSave("c1", modified: 1), feed.caseSave("c2", modified: 1)], now: 1)
        #expect(Set(try fx.rows(children).keys) == ["c1", "c2"])

        // Batch 2: c3 saved then deleted (the delete wins, though its table is new in this batch's view of c3);
        // c1 deleted then saved again (re-created with the new copy); c2 saved, deleted, saved (present);
        // c4 saved then deleted in another partition order than it was saved (offset order decides).
        let batch = [
            feed.caseSave("c3", modified: 2), feed.deletion("c3"),
            feed.deletion("c1"), feed.caseSave("c1", modified: 3, [("note", "back")]),
            feed.caseSave("c2", modified: 4), feed.deletion("c2"), feed.caseSave("c2", modified: 5, [("note", "again")]),
        ]
        let stats = try fx.loop.process(batch, now: 2)
        let notes = try fx.rows(children, "note")
        #expect(Set(notes.keys) == ["c1", "c2"])
        #expect(notes["c1"] == .string("back") && notes["c2"] == .string("again"))
        #expect(stats.rowsDeleted == 2)  // c1 and c2 as they were before the batch; c3 never reached the table
        #expect(try fx.rows(children, "server_modified_on")["c1"] == .timestamp(1_709_632_803_000_000))

        // Redelivery of the batch changes nothing.
        let version = try children.latestVersion()
        let again = try fx.loop.process(batch, now: 3)
        #expect(again.commits == 0 && again.alreadyApplied == batch.count)
        #expect(try children.latestVersion() == version)

        // A delete after the save in the next batch removes it; an older copy arriving later never regresses.
        _ = try fx.loop.process([feed.deletion("c1"), feed.caseSave("c2", modified: 1, [("note", "stale")])], now: 4)
        let after = try fx.rows(children, "note")
        #expect(Set(after.keys) == ["c2"] && after["c2"] == .string("again"))
    }

    @Test func deletionsFindTheRecordAmongTheDomainsTables() throws {
        var fx = try LoopFixture()
        var feed = InlineFeed()
        _ = try fx.loop.process([feed.caseSave("a1", type: "adult", modified: 1), feed.caseSave("k1", type: "child", modified: 1),
                                 feed.formSave("f1", modified: 1)], now: 1)
        var other = InlineFeed(domain: "d2")
        other.next = feed.next
        _ = try fx.loop.process([other.caseSave("a1", type: "adult", modified: 1)], now: 2)
        feed.next = other.next
        // Deletions carry no subtype: a1 is found in d1's adult table, k1 in the child table; d2's a1 and the
        // form table are untouched (another domain, another topic).
        let stats = try fx.loop.process([feed.deletion("a1"), feed.deletion("k1"), feed.deletion("nope")], now: 3)
        #expect(stats.rowsDeleted == 2)
        #expect(try fx.rows(fx.table(.cases, "adult")).isEmpty && fx.rows(fx.table(.cases, "child")).isEmpty)
        #expect(Set(try fx.rows(fx.table(.cases, "adult", domain: "d2")).keys) == ["a1"])
        #expect(Set(try fx.rows(fx.table(.forms, InlineFeed.xmlns)).keys) == ["f1"])
        // A form deletion removes the form.
        _ = try fx.loop.process([feed.deletion("f1", topic: "form-sql")], now: 4)
        #expect(try fx.rows(fx.table(.forms, InlineFeed.xmlns)).isEmpty)
    }

    @Test func archivedFormsLeaveAndComeBack() throws {
        var fx = try LoopFixture()
        var feed = InlineFeed()
        let forms = fx.table(.forms, InlineFeed.xmlns)
        _ = try fx.loop.process([feed.formSave("f1", modified: 1), feed.formSave("f2", modified: 1)], now: 1)
        _ = try fx.loop.process([feed.formSave("f1", docType: "XFormArchived", modified: 2)], now: 2)
        #expect(Set(try fx.rows(forms).keys) == ["f2"])
        // Unarchived: a normal save brings it back.
        _ = try fx.loop.process([feed.formSave("f1", modified: 3)], now: 3)
        #expect(try fx.rows(forms, "doc_type")["f1"] == .string("XFormInstance"))
        // Archived and unarchived within one batch: present; unarchived and archived again: gone.
        _ = try fx.loop.process([feed.formSave("f2", docType: "XFormArchived", modified: 4), feed.formSave("f2", modified: 5),
                                 feed.formSave("f1", modified: 4), feed.formSave("f1", docType: "XFormArchived", modified: 5)], now: 4)
        #expect(Set(try fx.rows(forms).keys) == ["f2"])
    }

    @Test func archivedFormsKeptFlaggedWhenConfigured() throws {
        var fx = try LoopFixture { $0.archivedForms = .keepFlagged }
        var feed = InlineFeed()
        _ = try fx.loop.process([feed.formSave("f1", modified: 1), feed.formSave("f1", docType: "XFormArchived", modified: 2)], now: 1)
        #expect(try fx.rows(fx.table(.forms, InlineFeed.xmlns), "doc_type") == ["f1": .string("XFormArchived")])
        _ = try fx.loop.process([feed.formSave("f1", modified: 3)], now: 2)
        #expect(try fx.rows(fx.table(.forms, InlineFeed.xmlns), "doc_type") == ["f1": .string("XFormInstance")])
    }

    @Test func deprecatedDuplicateAndErrorFormsAreNotIngested() throws {
        var fx = try LoopFixture()
        var feed = InlineFeed()
        let batch = BatchRouter.skippedFormDocTypes.sorted().enumerated().map { n, t in feed.formSave("x\(n)", docType: t, modified: 1) }
            + [feed.formSave("f1", modified: 1)]
        let stats = try fx.loop.process(batch, now: 1)
        #expect(stats.quarantined == 0 && stats.rowsInserted == 1)
        #expect(try fx.rows(fx.table(.forms, InlineFeed.xmlns)).keys.sorted() == ["f1"])
        // A form edited later: the deprecated copy (new id) is skipped, the new version replaces the original.
        _ = try fx.loop.process([feed.formSave("old-copy", docType: "XFormDeprecated", modified: 2), feed.formSave("f1", modified: 3)], now: 2)
        #expect(try fx.rows(fx.table(.forms, InlineFeed.xmlns), "server_modified_on") == ["f1": .timestamp(1_709_636_403_000_000)])
    }

    @Test func resolveKeepsOffsetOrderPerID() {
        func change(_ id: String, _ offset: Int64, removes: Bool) -> TableWork.Change {
            let meta = ChangeMeta(documentID: id, documentType: "T", documentSubtype: removes ? nil : "s", domain: "d", isDeletion: removes)
            let m = IncomingMessage(topic: "case-sql", partition: 0, offset: offset, key: nil, value: nil)
            return TableWork.Change(routed: RoutedChange(message: m, topic: .cases, change: meta), removes: removes)
        }
        let r = TableWork.resolve([change("a", 0, removes: false), change("a", 1, removes: true),
                                   change("b", 2, removes: true), change("b", 3, removes: false), change("b", 4, removes: false),
                                   change("c", 5, removes: false)])
        #expect(r.deleteIDs == ["a", "b"])
        #expect(r.upserts.map(\.message.offset) == [3, 4, 5])
    }
}

/// Periodic compaction: after `tables.compact_after_files` new files the loop OPTIMIZEs the table.
@Suite struct IngestCompactionTests {
    @Test func tablesAreCompactedAfterEnoughNewFiles() throws {
        var fx = try LoopFixture { $0.tables.compactAfterFiles = 3 }
        var feed = InlineFeed()
        let children = fx.table(.cases, "child")
        var compactions = 0
        for n in 1...3 {
            compactions += try fx.loop.process([feed.caseSave("c\(n)", modified: n), feed.caseSave("c1", modified: 10 + n)], now: Int64(n)).compactions
        }
        #expect(compactions == 1)
        // The compaction runs after its batch; waiting for it makes its result visible.
        #expect(fx.loop.finishCompactions() == nil)
        let snapshot = try children.snapshot()
        #expect(snapshot.fileCount == 1 && snapshot.files.allSatisfy { $0.deletionVector == nil })
        #expect(try fx.rows(children, "server_modified_on") == ["c1": .timestamp(1_709_632_813_000_000),
                                                                 "c2": .timestamp(1_709_632_802_000_000),
                                                                 "c3": .timestamp(1_709_632_803_000_000)])
        // Compaction changes no data: the next batch merges as before, and no compaction is due yet.
        let next = try fx.loop.process([feed.caseSave("c2", modified: 20)], now: 4)
        #expect(next.compactions == 0 && next.rowsUpdated == 1)
        #expect(try children.snapshot().fileCount == 2)
    }
}
