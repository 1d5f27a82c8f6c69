import Testing
@testable import Ingest

@Suite struct TransformTests {
    static let formXmlns = "http://openrosa.org/formdesigner/F8AE9C85-38E3-4B84-BD16-0198C4907FD9"
    static let formTable = TableIdentity(domain: "inp-dashboard", topic: .forms, subtype: formXmlns)
    static let caseTable = TableIdentity(domain: "inp-dashboard", topic: .cases, subtype: "child_care")

    static let form: JSONValue = [
        "_id": "f1", "doc_type": "XFormInstance", "domain": "inp-dashboard", "xmlns": .string(formXmlns),
        "user_id": "u1", "received_on": "2021-03-01T10:15:30.512000Z", "state": 1,
        "form": [
            "#type": "data", "@xmlns": .string(formXmlns),
            "delivery_details": ["add": "2021-01-27", "number_of_children_delivered": "1"],
            "children": [["name": "a"], ["name": "b"]],
            "meta": ["timeEnd": "2021-03-01T10:14:02.118000Z", "userID": "u1", "empty": [:]],
        ],
        "history": [],
    ]

    static var directory: StaticLocationDirectory {
        func node(_ id: String, _ type: String) -> LocationNode {
            LocationNode(locationID: id, typeName: type, name: id.uppercased(), siteCode: id, latitude: 1.5, longitude: nil)
        }
        return StaticLocationDirectory(users: ["u1": "flwc1", "u2": "nowhere"], locations: [
            "st1": (node("st1", "state"), nil), "d1": (node("d1", "district"), "st1"),
            "sup1": (node("sup1", "supervisor"), "d1"), "flwc1": (node("flwc1", "flwc"), "sup1"),
            "sup2": (node("sup2", "supervisor"), "d1"),
        ])
    }

    @Test func formPipelineProducesTypedFlatRecord() throws {
        var pipeline = TransformPipeline()
        var dir = Self.directory
        let out = try pipeline.run([SourceDocument(id: "f1", document: Self.form)], table: Self.formTable, now: 0, directory: &dir)
        let r = try out[0].get()
        #expect(r["type"] == .string("F8AE9C85-38E3-4B84-BD16-0198C4907FD9"))
        #expect(r["state_id"] == .string("st1") && r["district_id"] == .string("d1"))
        #expect(r["supervisor_id"] == .string("sup1") && r["flwc_id"] == .string("flwc1"))
        #expect(r["month"] == .date(HQTime.firstOfMonth(18687)))
        #expect(r["month"]?.text == "2021-03-01")
        #expect(r["form__meta__timeEnd"] == .timestamp(1_614_593_642_118_000))
        #expect(r["form__delivery_details__add"] == .date(18654))
        #expect(r["form__delivery_details__number_of_children_delivered"] == .string("1"))
        #expect(r["form__children"] == .json(#"[{"name":"a"},{"name":"b"}]"#))
        #expect(r["history"] == .json("[]"))
        #expect(r["state"] == .int64(1))
        #expect(r["form__#type"] == .string("data"))
        #expect(r["form__meta__empty"] == nil)
        #expect(r["form"] == nil)
    }

    @Test func unknownLocationLeavesSupervisorNull() throws {
        let pipeline = TransformPipeline()
        let doc: JSONValue = ["_id": "c1", "user_id": "u2", "opened_on": "2021-01-27T11:55:41.085000Z", "type": "child_care"]
        let r = try pipeline.transform(SourceDocument(id: "c1", document: doc), table: Self.caseTable, chain: { _ in [] })
        #expect(r["supervisor_id"] == .null)
        #expect(r["month"]?.text == "2021-01-01")
        #expect(r["type"] == .string("child_care"))
        let noDate = try pipeline.transform(SourceDocument(id: "c2", document: ["_id": "c2", "opened_on": "soon"]),
                                            table: Self.caseTable, chain: { _ in [] })
        #expect(noDate["month"] == .null)
    }

    @Test func locationCacheIsUsedAndInvalidated() throws {
        var pipeline = TransformPipeline()
        var dir = Self.directory
        let docs = [SourceDocument(id: "f1", document: Self.form)]
        _ = try pipeline.run(docs, table: Self.formTable, now: 0, directory: &dir)
        #expect(dir.lookups == 2)
        _ = try pipeline.run(docs, table: Self.formTable, now: 1, directory: &dir)
        #expect(dir.lookups == 2)
        // flwc1 moves under sup2: a location change invalidates every chain through the changed location.
        dir.locations["flwc1"] = (LocationNode(locationID: "flwc1", typeName: "flwc"), "sup2")
        pipeline.locationsChanged(["flwc1"])
        let r = try pipeline.run(docs, table: Self.formTable, now: 2, directory: &dir)[0].get()
        #expect(r["supervisor_id"] == .string("sup2"))
        // The user's location expires after the TTL.
        dir.users["u1"] = "sup1"
        _ = try pipeline.run(docs, table: Self.formTable, now: 3, directory: &dir)
        let later = try pipeline.run(docs, table: Self.formTable, now: 301 * HQTime.microsPerSecond, directory: &dir)[0].get()
        #expect(later["flwc_id"] == nil && later["supervisor_id"] == .string("sup1"))
    }

    @Test func flattenCollisionIsAnError() {
        let doc: JSONValue = ["a": ["b": 1], "a__b": 2]
        #expect(throws: TransformError.columnCollision("a__b")) { try Flattener().flatten(doc.objectValue ?? JSONObject()) }
        let pipeline = TransformPipeline()
        #expect(throws: TransformError.notAnObject(found: "array")) {
            try pipeline.transform(SourceDocument(id: "x", document: [1]), table: Self.caseTable, chain: { _ in [] })
        }
    }

    @Test func registeredAndDeclarativeTransformsRunInOrder() throws {
        var pipeline = TransformPipeline(declarative: [
            DeclarativeTransform(.rename(from: "form__meta__timeEnd", to: "time_end")),
            DeclarativeTransform(.drop(columns: ["history"], prefixes: ["form__children"])),
            DeclarativeTransform(.cast(column: "form__delivery_details__number_of_children_delivered", to: .int64, onError: .quarantine)),
            DeclarativeTransform(.derive(column: "end_day", function: .date, from: ["time_end"], separator: "")),
            DeclarativeTransform(.derive(column: "label", function: .concat, from: ["domain", "missing", "_id"], separator: "/")),
            DeclarativeTransform(.derive(column: "year", function: .year, from: ["month"], separator: "")),
            DeclarativeTransform(.drop(columns: ["state"], prefixes: []), topics: [.cases]),
        ])
        pipeline.register(RegisteredTransform(name: "shout", topics: [.forms]) { record, context in
            record["who"] = .string(context.documentID.uppercased())
            struct Nope: Error {}
            if context.documentID == "bad" { throw Nope() }
        })
        let r = try pipeline.transform(SourceDocument(id: "f1", document: Self.form), table: Self.formTable, chain: { _ in [] })
        #expect(r["time_end"] == .timestamp(1_614_593_642_118_000) && r["form__meta__timeEnd"] == nil)
        #expect(r["history"] == nil && r["form__children"] == nil)
        #expect(r["form__delivery_details__number_of_children_delivered"] == .int64(1))
        #expect(r["end_day"] == .date(18687))
        #expect(r["label"] == .string("inp-dashboard/f1"))
        #expect(r["year"] == .int64(2021))
        #expect(r["state"] == .int64(1))
        #expect(r["who"] == .string("F1"))
        #expect(throws: TransformError.self) {
            try pipeline.transform(SourceDocument(id: "bad", document: Self.form), table: Self.formTable, chain: { _ in [] })
        }
    }

    @Test func castFailuresQuarantineOrNull() throws {
        var record = FlatRecord([("n", .string("abc")), ("d", .string("2021-02-03T04:05:06Z")), ("b", .string("yes"))])
        #expect(throws: TransformError.castFailed(column: "n", value: "abc", to: .int64)) {
            try DeclarativeTransform(.cast(column: "n", to: .int64, onError: .quarantine)).apply(to: &record, topic: .cases)
        }
        try DeclarativeTransform(.cast(column: "n", to: .double, onError: .null)).apply(to: &record, topic: .cases)
        try DeclarativeTransform(.cast(column: "d", to: .date, onError: .quarantine)).apply(to: &record, topic: .cases)
        try DeclarativeTransform(.cast(column: "b", to: .bool, onError: .quarantine)).apply(to: &record, topic: .cases)
        #expect(record["n"] == .null && record["d"] == .date(18661) && record["b"] == .bool(true))
        #expect(FieldCast.cast(.string("2021-02-03"), to: .timestamp) == .timestamp(18661 * HQTime.microsPerDay))
        #expect(FieldCast.cast(.double(2.5), to: .int64) == nil)
        #expect(FieldCast.cast(.int64(3), to: .json) == .json("3"))
    }

    @Test func locationHierarchyRow() throws {
        var dir = Self.directory
        let chain = try dir.ancestors(of: ["flwc1"])["flwc1"] ?? []
        #expect(chain.map(\.locationID) == ["st1", "d1", "sup1", "flwc1"])
        let row = LocationNode.hierarchyRecord(domain: "inp", chain: chain, ensure: ["supervisor_id"])
        #expect(row?["_id"] == .string("flwc1") && row?["location_type"] == .string("flwc"))
        #expect(row?["supervisor_id"] == .string("sup1") && row?["district_name"] == .string("D1"))
        #expect(row?["state_site_code"] == .string("st1") && row?["state_latitude"] == .double(1.5))
        #expect(row?["state_longitude"] == .null && row?["flwc_is_archived"] == .bool(false))
        let top = LocationNode.hierarchyRecord(domain: "inp", chain: Array(chain.prefix(1)), ensure: ["supervisor_id"])
        #expect(top?["supervisor_id"] == .null)
    }
}
