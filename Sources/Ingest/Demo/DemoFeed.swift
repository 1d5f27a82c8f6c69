/// A realistic synthetic CommCare change feed for `lake-ingest demo` and tests, as `ReplayFeed` JSONL.
///
/// Deterministic for a seed. Per domain: a 4-level location hierarchy (state → district → supervisor → flwc) with
/// one mobile worker per flwc; two form xmlns (a registration with nested groups and a repeat, a home visit);
/// two case types; then case updates (later `server_modified_on`), a field whose JSON type changes
/// (`weight_kg`: integer → decimal → text), case and form deletions (no subtype, as HQ publishes them), an
/// archived form, one flwc moved to another supervisor, and a few messages whose document is missing.
public struct DemoFeed: Sendable {
    public struct Options: Sendable {
        public var seed: UInt64 = 1
        public var domains = ["inp-dashboard", "mch-pilot", "field-ops"]
        public var casesPerDomain = 40
        public var formsPerDomain = 60
        public var partitions: Int32 = 3

        public init() {}
    }

    /// Counts of what the feed holds, for the demo to print and tests to check.
    public struct Summary: Sendable, Equatable {
        public var messages = 0
        public var formSaves = 0
        public var caseSaves = 0
        public var locationSaves = 0
        public var deletions = 0
        public var archived = 0
        public var missingDocuments = 0
        /// Distinct (domain, topic, subtype) tables the saves go to.
        public var tables: Set<TableIdentity> = []
    }

    public private(set) var jsonl = ""
    public private(set) var summary = Summary()
    private var rng: DemoRandom
    private let options: Options
    private var clock: Int64 = 1_614_556_800_000_000  // 2021-03-01T00:00:00Z in µs

    public static let registrationXmlns = "http://openrosa.org/formdesigner/5D3F2A10-REG-4B84-BD16-0198C4907FD9"
    public static let visitXmlns = "http://openrosa.org/formdesigner/9A1C7E22-VISIT-4C12-A0B1-77E0D2C6A501"

    public init(_ options: Options = Options()) {
        self.options = options
        rng = DemoRandom(seed: options.seed)
        for domain in options.domains { generate(domain) }
    }

    private mutating func generate(_ domain: String) {
        // Locations: 1 state, 2 districts, 2 supervisors each, 2 flwcs each.
        let state = id()
        location(domain, state, "state", nil, "State \(domain)")
        var supervisors: [String] = []
        var flwcs: [String] = []
        for d in 0..<2 {
            let district = id()
            location(domain, district, "district", state, "District \(d)")
            for s in 0..<2 {
                let sup = id()
                supervisors.append(sup)
                location(domain, sup, "supervisor", district, "Supervisor \(d).\(s)")
                for f in 0..<2 {
                    let flwc = id()
                    flwcs.append(flwc)
                    location(domain, flwc, "flwc", sup, "FLWC \(d).\(s).\(f)")
                }
            }
        }
        let users = flwcs.map { flwc -> String in
            let u = id()
            line(["kind": "user", "user_id": .string(u), "location_id": .string(flwc)])
            return u
        }

        // Cases, then forms that touch them.
        var cases: [(id: String, type: String, user: String, opened: Int64)] = []
        for n in 0..<options.casesPerDomain {
            let type = n % 3 == 0 ? "child" : "mother"
            let c = (id: id(), type: type, user: users[n % users.count], opened: tick())
            cases.append(c)
            caseSave(domain, c, version: 0, weight: .int(Int64(2 + n % 3)))
        }
        var forms: [(id: String, xmlns: String)] = []
        for n in 0..<options.formsPerDomain {
            let xmlns = n % 2 == 0 ? Self.registrationXmlns : Self.visitXmlns
            let f = (id: id(), xmlns: xmlns)
            forms.append(f)
            formSave(domain, f.id, xmlns, user: users[n % users.count], caseID: cases[n % cases.count].id, docType: "XFormInstance")
        }
        // Updates: the weight changes JSON type over time, which widens the column.
        for (n, c) in cases.enumerated() where n % 2 == 0 {
            caseSave(domain, c, version: 1, weight: .double(2.5 + Double(n % 5) / 10))
        }
        for (n, c) in cases.enumerated() where n % 5 == 0 {
            caseSave(domain, c, version: 2, weight: .string("\(3 + n % 2).1 kg"))
        }
        // Deletions (no subtype), an archived form, a location move, missing documents.
        for c in cases.prefix(2) { deletion(domain, c.id, topic: .cases, docType: "CommCareCase-Deleted") }
        for f in forms.prefix(2) { deletion(domain, f.id, topic: .forms, docType: "XFormInstance-Deleted") }
        if let f = forms.last {
            formSave(domain, f.id, f.xmlns, user: users[0], caseID: cases[0].id, docType: "XFormArchived")
            summary.archived += 1
        }
        if let moved = flwcs.first, let target = supervisors.last {
            location(domain, moved, "flwc", target, "FLWC moved")
        }
        for _ in 0..<2 {
            change(domain, id(), topic: .cases, docType: "CommCareCase", subtype: "mother", deletion: false, document: nil)
            summary.missingDocuments += 1
        }
    }

    // MARK: documents

    private mutating func caseSave(_ domain: String, _ c: (id: String, type: String, user: String, opened: Int64),
                                   version: Int, weight: JSONValue) {
        let modified = tick()
        let props: JSONValue = [
            "weight_kg": weight, "visit_count": .string(String(version + 1)),
            "dob": .string(HQTime.formatDate(Int32(17_800 + rng.below(900)))),
            "risk": .string(["low", "medium", "high"][rng.below(3)]),
        ]
        var doc = props.objectValue ?? JSONObject()
        let standard: [(String, JSONValue)] = [
            ("_id", .string(c.id)), ("case_id", .string(c.id)), ("doc_type", "CommCareCase"), ("domain", .string(domain)),
            ("type", .string(c.type)), ("name", .string("case \(c.id.prefix(6))")), ("owner_id", .string(c.user)),
            ("opened_on", .string(HQTime.formatTimestamp(c.opened))), ("opened_by", .string(c.user)),
            ("modified_on", .string(HQTime.formatTimestamp(modified))), ("modified_by", .string(c.user)),
            ("user_id", .string(c.user)), ("server_modified_on", .string(HQTime.formatTimestamp(modified + 1_000_000))),
            ("closed", .bool(false)), ("closed_on", .null), ("deleted", .bool(false)), ("external_id", .null),
            ("case_json", props),
            ("indices", c.type == "child" ? [["case_id": .string(c.id), "identifier": "parent", "referenced_id": "m1",
                                              "referenced_type": "mother", "relationship": "child"]] : []),
            ("xform_ids", []), ("case_attachments", [:]), ("backend_id", "sql"),
        ]
        for (k, v) in standard { doc[k] = v }
        change(domain, c.id, topic: .cases, docType: "CommCareCase", subtype: c.type, deletion: false, document: .object(doc))
        summary.caseSaves += 1
    }

    private mutating func formSave(_ domain: String, _ formID: String, _ xmlns: String, user: String, caseID: String,
                                   docType: String) {
        let end = tick()
        let start = end - Int64(60 + rng.below(600)) * 1_000_000
        let registration = xmlns == Self.registrationXmlns
        var body: [(String, JSONValue)] = [
            ("#type", "data"), ("@xmlns", .string(xmlns)), ("@name", registration ? "Register Pregnancy" : "Home Visit"),
            ("@uiVersion", "1"), ("@version", "42"),
        ]
        if registration {
            body.append(("mother_details", ["name": .string("m\(rng.below(1000))"), "age": .string(String(18 + rng.below(20))),
                                            "lmp": .string(HQTime.formatDate(Int32(18_500 + rng.below(200)))),
                                            "address": ["village": .string("v\(rng.below(30))"), "ward": .string("w\(rng.below(5))")]]))
            let kids = rng.below(3)
            body.append(("children", .array((0..<kids).map { k in ["child_name": .string("c\(k)"), "sex": k % 2 == 0 ? "f" : "m"] })))
        } else {
            body.append(("visit", ["danger_signs": .string(rng.below(4) == 0 ? "yes" : "no"),
                                   "counselling": ["topics": "nutrition hygiene", "minutes": .string(String(5 + rng.below(20)))]]))
        }
        body.append(("case", ["@case_id": .string(caseID), "@date_modified": .string(HQTime.formatTimestamp(end)),
                              "@user_id": .string(user), "@xmlns": "http://commcarehq.org/case/transaction/v2",
                              "update": ["last_visit": .string(HQTime.formatDate(Int32(end / HQTime.microsPerDay)))]]))
        body.append(("meta", ["@xmlns": "http://openrosa.org/jr/xforms", "deviceID": "commcare_demo",
                              "timeStart": .string(HQTime.formatTimestamp(start)), "timeEnd": .string(HQTime.formatTimestamp(end)),
                              "username": "worker", "userID": .string(user), "instanceID": .string(formID),
                              "appVersion": ["@xmlns": "http://commcarehq.org/xforms", "#text": "CommCare Android, version 2.53"]]))
        let doc: JSONValue = .object(JSONObject([
            ("_id", .string(formID)), ("doc_type", .string(docType)), ("domain", .string(domain)), ("xmlns", .string(xmlns)),
            ("app_id", "demoapp"), ("user_id", .string(user)), ("received_on", .string(HQTime.formatTimestamp(end + 30_000_000))),
            ("server_modified_on", .string(HQTime.formatTimestamp(end + 31_000_000))), ("state", docType == "XFormArchived" ? 2 : 1),
            ("partial_submission", false), ("form", .object(JSONObject(body))), ("history", []), ("backend_id", "sql"),
        ]))
        change(domain, formID, topic: .forms, docType: docType, subtype: xmlns, deletion: false, document: doc)
        if docType == "XFormInstance" { summary.formSaves += 1 }
    }

    private mutating func location(_ domain: String, _ locationID: String, _ type: String, _ parent: String?, _ name: String) {
        line(["kind": "location", "location_id": .string(locationID), "type": .string(type),
              "parent_id": parent.map(JSONValue.string) ?? .null, "name": .string(name), "site_code": .string(locationID.prefix(8).lowercased()),
              "latitude": .double(Double(rng.below(18_000)) / 100 - 90), "longitude": .double(Double(rng.below(36_000)) / 100 - 180)])
        change(domain, locationID, topic: .locations, docType: "Location", subtype: nil, deletion: false, document: nil)
        summary.locationSaves += 1
    }

    private mutating func deletion(_ domain: String, _ docID: String, topic: ChangeTopic, docType: String) {
        change(domain, docID, topic: topic, docType: docType, subtype: nil, deletion: true, document: nil)
        summary.deletions += 1
    }

    private mutating func change(_ domain: String, _ docID: String, topic: ChangeTopic, docType: String, subtype: String?,
                                 deletion: Bool, document: JSONValue?) {
        let published = HQTime.formatTimestamp(tick())
        let meta = ChangeMeta(documentID: docID, documentType: docType, documentSubtype: subtype, domain: domain,
                              isDeletion: deletion, dataSourceType: "sql", dataSourceName: topic.rawValue,
                              publishTimestamp: published, attempts: 0, originalPublicationDatetime: published)
        var o = JSONObject([("kind", "change"), ("topic", .string(topic.rawValue)),
                            ("partition", .int(Int64(Self.partition(of: docID, options.partitions)))),
                            ("key", .string(docID)), ("change", meta.json)])
        if let document { o["document"] = document }
        line(.object(o))
        summary.messages += 1
        if !deletion, topic != .locations, document != nil {
            summary.tables.insert(TableIdentity(domain: domain, topic: topic, subtype: subtype))
        }
    }

    private mutating func line(_ v: JSONValue) {
        jsonl += v.jsonText
        jsonl += "\n"
    }

    private mutating func id() -> String {
        let hex = String(rng.next(), radix: 16) + String(rng.next(), radix: 16)
        return String((hex + String(repeating: "0", count: 32)).prefix(32))
    }

    private mutating func tick() -> Int64 {
        clock += Int64(1 + rng.below(90)) * 1_000_000
        return clock
    }

    /// A stable partition for a key (FNV-1a), like Kafka's key partitioner spreads ids.
    static func partition(of key: String, _ count: Int32) -> Int32 {
        var h: UInt32 = 0x811C_9DC5
        for b in key.utf8 { h = (h ^ UInt32(b)) &* 0x0100_0193 }
        return Int32(h % UInt32(max(count, 1)))
    }
}
