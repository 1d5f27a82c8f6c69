import Testing
@testable import Ingest

@Suite struct RoutingTests {
    @Test func tableNamesAndLocations() {
        let form = TableIdentity(domain: "inp-dashboard", topic: .forms,
                                 subtype: "http://openrosa.org/formdesigner/F8AE9C85-38E3-4B84-BD16-0198C4907FD9")
        #expect(form.tableName == "inp_dashboard_form_sql_f8ae9c85_38e3_4b84_bd16_0198c4907fd9")
        #expect(form.location(warehouse: "/data/lake/") ==
                "/data/lake/commcare/inp-dashboard/form-sql/f8ae9c85-38e3-4b84-bd16-0198c4907fd9")
        let caseTable = TableIdentity(domain: "inp-dashboard", topic: .cases, subtype: "child_care")
        #expect(caseTable.tableName == "inp_dashboard_case_sql_child_care")
        #expect(caseTable.relativePath == "commcare/inp-dashboard/case-sql/child_care")
        #expect(TableIdentity(domain: "D", topic: .locations, subtype: nil).tableName == "d_location")
        // Deletions search the domain's tables of a topic by location.
        #expect(TableIdentity.directory(domain: "inp-dashboard", topic: .cases) == "commcare/inp-dashboard/case-sql/")
        #expect(TableIdentity.isTable(at: caseTable.location(warehouse: "/w"), of: "inp-dashboard", .cases, warehouse: "/w/"))
        #expect(!TableIdentity.isTable(at: caseTable.location(warehouse: "/w"), of: "inp-dashboard", .forms, warehouse: "/w"))
        #expect(!TableIdentity.isTable(at: caseTable.location(warehouse: "/w"), of: "inp", .cases, warehouse: "/w"))
        #expect(!TableIdentity.isTable(at: "/w/commcare/inp-dashboard/case-sql/", of: "inp-dashboard", .cases, warehouse: "/w"))
    }

    @Test func hostileNamesAreSanitised() {
        let evil = TableIdentity(domain: "../../etc", topic: .cases, subtype: "a/../../b; DROP TABLE x")
        for component in [evil.tableName] + evil.relativePath.split(separator: "/").map(String.init) {
            #expect(component != "." && component != ".." && !component.isEmpty)
            #expect(component.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_" || $0 == "-") })
        }
        #expect(evil.relativePath.split(separator: "/").count == 4)
        // Lossy replacements get a hash, so different raw names never collide.
        #expect(TableIdentity.sanitise("a.b", keepDash: false) != TableIdentity.sanitise("a_b", keepDash: false))
        #expect(TableIdentity.sanitise("a_b", keepDash: false) == "a_b")
        #expect(TableIdentity.sanitise("", keepDash: false).count == 9)
        let long = TableIdentity.sanitise(String(repeating: "x", count: 500), keepDash: false)
        #expect(long.count == TableIdentity.maxComponentLength)
        #expect(TableIdentity.sanitise("Ünïcode", keepDash: true).hasPrefix("_n_code_"))
    }

    func message(_ topic: String, _ offset: Int64, _ json: String) -> IncomingMessage {
        IncomingMessage(topic: topic, partition: 0, offset: offset, key: nil, value: Array(json.utf8))
    }

    func change(_ id: String, type: String, subtype: String?, domain: String = "d1", deletion: Bool = false) -> String {
        let sub = subtype.map { "\"\($0)\"" } ?? "null"
        return #"{"document_id":"\#(id)","document_type":"\#(type)","document_subtype":\#(sub),"domain":"\#(domain)","is_deletion":\#(deletion)}"#
    }

    @Test func routesEveryMessageExactlyOnce() {
        let x1 = "http://openrosa.org/formdesigner/X1"
        let messages = [
            message("form-sql", 0, change("f1", type: "XFormInstance", subtype: x1)),
            message("form-sql", 1, change("f2", type: "XFormInstance", subtype: "http://other/x")),
            message("form-sql", 2, change("f3", type: "XFormDeprecated", subtype: x1)),
            message("form-sql", 3, change("f4", type: "XFormArchived", subtype: x1)),
            message("form-sql", 4, change("f1", type: "XFormInstance-Deleted", subtype: nil, deletion: true)),
            message("case-sql", 5, change("c1", type: "CommCareCase", subtype: "child")),
            message("case-sql", 6, change("c2", type: "CommCareCase", subtype: "adult")),
            message("case-sql", 7, change("c1", type: "CommCareCase", subtype: "child")),
            message("case-sql", 8, change("c3", type: "CommCareCase", subtype: "child", domain: "other")),
            message("location", 9, change("l1", type: "Location", subtype: nil)),
            message("case-sql", 10, "not json"),
            message("ledger", 11, change("z", type: "T", subtype: nil)),
            message("case-sql", 12, change("c4", type: "CommCareCase", subtype: nil)),
            IncomingMessage(topic: "case-sql", partition: 0, offset: 13, key: nil, value: nil),
        ]
        let router = BatchRouter(allow: AllowLists(domains: ["d1"], formXmlns: [x1], caseTypes: ["child"]))
        let plan = router.route(messages, now: 99)
        #expect(plan.messageCount == messages.count)
        #expect(plan.upserts.map(\.key) == [TableIdentity(domain: "d1", topic: .forms, subtype: x1),
                                            TableIdentity(domain: "d1", topic: .cases, subtype: "child")])
        #expect(plan.upserts[1].changes.map(\.message.offset) == [5, 7])
        #expect(plan.upserts[1].documentIDs == ["c1"])
        #expect(plan.removals.map(\.key.table) == [TableIdentity(domain: "d1", topic: .forms, subtype: x1), nil])
        #expect(plan.removals[1].changes.map(\.change.documentID) == ["f1"])
        #expect(plan.locationChanges.map(\.key) == ["d1"])
        #expect(plan.skipped.map(\.change.message.offset) == [1, 2, 6, 8, 12])
        #expect(plan.skipped.map(\.reason) == [.notAllowed, .notIngestedDocType, .notAllowed, .notAllowed, .notAllowed])
        #expect(plan.quarantined.map(\.offset) == [10, 11, 13])
        #expect(plan.quarantined.map(\.kind) == [.malformedChange, .unknownTopic, .malformedChange])
        #expect(plan.quarantined[0].rawValue == Array("not json".utf8) && plan.quarantined[0].time == 99)

        // Without allow-lists, a save with no subtype cannot pick a table: quarantined, not dropped.
        let open = BatchRouter().route([messages[12]], now: 0)
        #expect(open.quarantined.map(\.error) == [RoutingError.missingSubtype.description])

        let keep = BatchRouter(archivedForms: .keepFlagged).route([messages[3]], now: 0)
        #expect(keep.upserts.count == 1 && keep.removals.isEmpty)
    }
}
