import Columnar
import Foundation
import Ingest
import TestSupport

/// A synthetic CommCare change feed and, independently of SwiftLake's code, what the warehouse must hold after any
/// prefix of it: per table the latest version of each record (by `server_modified_on`) minus deleted ones, and the
/// poison messages quarantined exactly once.
///
/// Cases get several versions, some produced out of order (a newer version before an older one) and some
/// redelivered; forms and cases are deleted by messages without subtype (one deletion is redelivered); forms are
/// archived (some unarchived again) and deprecated copies appear; poison messages are mixed in; location
/// changes are produced as well (their table is not checked here). Every message of a document goes to one
/// partition (chosen from its id), as HQ's keyed producer does.
struct Feed {
    /// What a message does to the expected state.
    enum Effect {
        case upsert(TableIdentity, id: String, Row)
        case delete(domain: String, topic: ChangeTopic, id: String)
        case quarantine(kind: String)
        /// A location change: its table is not part of the checked state.
        case location
        /// A message whose effect the test that produces it checks itself.
        case unchecked
        /// A message that must not reach any table (a deprecated form): an extra row would show.
        case skipped
    }

    struct Message {
        var topic: ChangeTopic
        var partition: Int32
        var key: [UInt8]?
        var value: [UInt8]?
        var effect: Effect
    }

    /// The checked columns of one expected row.
    struct Row: Equatable, CustomStringConvertible {
        var serverModified: Int64
        /// `visits` for cases, `form__answer` for forms.
        var value: Value
        /// `supervisor_id` when the document source enriches records with locations (HQ mode).
        var supervisor: Value?

        var description: String { "smo=\(serverModified) value=\(value) supervisor=\(supervisor.map { "\($0)" } ?? "-")" }
    }

    /// A case or form as HQ's database holds it at the end (HQ mode).
    struct Document {
        var topic: ChangeTopic
        var domain: String
        var subtype: String
        var id: String
        var serverModified: Int64
        var value: Int64
    }

    struct Options {
        var domains = ["e2e-north", "e2e-south"]
        var caseTypes = ["household", "person"]
        var xmlns = ["http://openrosa.org/formdesigner/e2e-visit", "http://openrosa.org/formdesigner/e2e-register"]
        var casesPerType = 12
        var formsPerXmlns = 8
        var poison = true
        /// Documents inside the messages (`source.kind = "inline"`); otherwise they live in HQ's database.
        var inline = true
        var partitions: Int32 = 4
        /// Ids of the location changes (default `loc-<domain>-<n>`); HQ mode names locations its database has.
        var locationIDs: [String]?
    }

    static let valueColumn: [ChangeTopic: String] = [.cases: "visits", .forms: "form__answer"]
    /// 2024-03-01T00:00:00Z.
    static let baseSeconds: Int64 = 1_709_251_200

    var messages: [Message] = []
    /// Final documents (HQ mode puts these in PostgreSQL).
    var documents: [Document] = []
    let options: Options

    init(_ options: Options = Options()) {
        self.options = options
        var deletions: [Message] = []
        /// Archives, unarchives and deprecated copies of forms, produced after everything else.
        var lifecycle: [Message] = []
        for (d, domain) in options.domains.enumerated() {
            for type in options.caseTypes {
                let table = TableIdentity(domain: domain, topic: .cases, subtype: type)
                for i in 0..<options.casesPerType {
                    let id = "case-\(domain)-\(type)-\(i)"
                    let versions = 1 + i % 3
                    var order = Array(1...versions)
                    if i % 4 == 1, versions >= 2 { order.swapAt(versions - 1, versions - 2) }  // newest before an older one
                    if i % 5 == 2, let last = order.last { order.append(last) }  // redelivered
                    let final = Self.caseVersion(i, versions, d)
                    documents.append(Document(topic: .cases, domain: domain, subtype: type, id: id,
                                              serverModified: final.serverModified, value: final.value))
                    for v in order {
                        let version = options.inline ? Self.caseVersion(i, v, d) : final
                        let doc = options.inline ? Self.caseJSON(id: id, domain: domain, type: type, version: version) : nil
                        messages.append(message(.cases, id: id, Self.change(id: id, type: "CommCareCase", subtype: type,
                                                                           domain: domain, document: doc),
                                                .upsert(table, id: id, Self.row(.cases, version, hq: !options.inline))))
                    }
                    if i % 6 == 3 {
                        deletions.append(message(.cases, id: id, Self.change(id: id, type: "CommCareCase-Deleted", subtype: nil,
                                                                             domain: domain, deletion: true),
                                                 .delete(domain: domain, topic: .cases, id: id)))
                    }
                }
            }
            for xmlns in options.xmlns {
                let table = TableIdentity(domain: domain, topic: .forms, subtype: xmlns)
                for i in 0..<options.formsPerXmlns {
                    let id = "form-\(domain)-\(xmlns.split(separator: "/").last ?? "x")-\(i)"
                    let version = (serverModified: Self.micros(Int64(d * 100_000 + 50_000 + i * 60)), value: Int64(i * 7 + d))
                    documents.append(Document(topic: .forms, domain: domain, subtype: xmlns, id: id,
                                              serverModified: version.serverModified, value: version.value))
                    let doc = options.inline ? Self.formJSON(id: id, domain: domain, xmlns: xmlns, version: version) : nil
                    let m = message(.forms, id: id, Self.change(id: id, type: "XFormInstance", subtype: xmlns, domain: domain,
                                                                document: doc),
                                    .upsert(table, id: id, Self.row(.forms, version, hq: !options.inline)))
                    messages.append(m)
                    if i % 5 == 4 { messages.append(m) }  // redelivered
                    if i % 7 == 3 {
                        deletions.append(message(.forms, id: id, Self.change(id: id, type: "XFormInstance-Deleted", subtype: nil,
                                                                             domain: domain, deletion: true),
                                                 .delete(domain: domain, topic: .forms, id: id)))
                    }
                    if i % 7 != 3, i % 4 == 2 {
                        // Archived: the form leaves its table; some are unarchived again (republished as a save).
                        lifecycle.append(message(.forms, id: id, Self.change(id: id, type: "XFormArchived", subtype: xmlns,
                                                                             domain: domain, document: doc),
                                                 .delete(domain: domain, topic: .forms, id: id)))
                        if i % 8 == 2 { lifecycle.append(m) }
                    }
                    if i % 6 == 1 {
                        // The old copy of an edited form: not ingested as a form.
                        let old = id + "-deprecated"
                        lifecycle.append(message(.forms, id: old, Self.change(id: old, type: "XFormDeprecated", subtype: xmlns,
                                                                              domain: domain, document: doc), .skipped))
                    }
                }
            }
            for id in options.locationIDs ?? (0..<3).map({ "loc-\(domain)-\($0)" }) {
                let doc: JSONValue = ["_id": .string(id), "location_id": .string(id), "domain": .string(domain),
                                      "name": .string("Location \(id)"), "location_type": "village"]
                messages.append(message(.locations, id: id, Self.change(id: id, type: "Location", subtype: nil, domain: domain,
                                                                        document: options.inline ? doc : nil), .location))
            }
        }
        // Deletions and poison messages come after the upserts they concern, spread over the second half.
        var rng = SeededGenerator(seed: 0x5EED_0009)
        var poison: [Message] = []
        if options.poison {
            for (n, topic) in [ChangeTopic.cases, .forms, .cases].enumerated() {
                poison.append(Message(topic: topic, partition: Int32(n) % options.partitions, key: Array("bad-\(n)".utf8),
                                      value: Array("{not json \(n)".utf8), effect: .quarantine(kind: "malformed_change")))
            }
            poison.append(Message(topic: .forms, partition: 1 % options.partitions, key: Array("tomb".utf8), value: nil,
                                  effect: .quarantine(kind: "malformed_change")))
            poison.append(Message(topic: .cases, partition: 2 % options.partitions, key: nil,
                                  value: Array(#"{"document_id": "x", "domain": "e2e-north"}"#.utf8),
                                  effect: .quarantine(kind: "malformed_change")))
            // A change whose document is missing (not in the message, not in the database): quarantined, not dropped.
            let domain = options.domains[0], type = options.caseTypes[0]
            poison.append(message(.cases, id: "case-without-document",
                                  Self.change(id: "case-without-document", type: "CommCareCase", subtype: type, domain: domain),
                                  .quarantine(kind: "missing_document")))
            if options.inline {
                // Documents the transforms reject: not an object; two fields that flatten to one column.
                poison.append(message(.cases, id: "case-not-an-object",
                                      Self.change(id: "case-not-an-object", type: "CommCareCase", subtype: type, domain: domain,
                                                  document: [1, 2]), .quarantine(kind: "transform_failed")))
                let xmlns = options.xmlns[0]
                poison.append(message(.forms, id: "form-collision",
                                      Self.change(id: "form-collision", type: "XFormInstance", subtype: xmlns, domain: domain,
                                                  document: ["_id": "form-collision", "form": ["a": 1], "form__a": 2]),
                                      .quarantine(kind: "transform_failed")))
            }
        }
        for m in deletions + poison {
            let at = Int.random(in: messages.count / 2...messages.count, using: &rng)
            messages.insert(m, at: at)
        }
        // A deletion must follow every upsert of its document: move any that landed too early to the end.
        var seen: [String: Int] = [:]
        for (n, m) in messages.enumerated() { if case .upsert(_, let id, _) = m.effect { seen[id] = n } }
        var early: [Message] = []
        messages = messages.enumerated().compactMap { n, m in
            if case .delete(_, _, let id) = m.effect, let last = seen[id], last > n { early.append(m); return nil }
            return m
        }
        messages += early
        // A deletion redelivered after the fact changes nothing.
        if let again = deletions.first { lifecycle.append(again) }
        messages += lifecycle
    }

    private func message(_ topic: ChangeTopic, id: String, _ value: JSONValue, _ effect: Effect) -> Message {
        Message(topic: topic, partition: Self.partition(of: id, options.partitions), key: Array(id.utf8),
                value: value.jsonBytes, effect: effect)
    }

    /// What the warehouse holds after the first `count` messages: table → id → row.
    func expected(upTo count: Int? = nil) -> [TableIdentity: [String: Row]] {
        var tables: [TableIdentity: [String: Row]] = [:]
        for m in messages.prefix(count ?? messages.count) {
            switch m.effect {
            case let .upsert(table, id, row):
                var rows = tables[table, default: [:]]
                if let old = rows[id], old.serverModified > row.serverModified { continue }
                rows[id] = row
                tables[table] = rows
            case let .delete(domain, topic, id):
                for key in tables.keys where key.domain == domain && key.topic == topic { tables[key]?[id] = nil }
            case .quarantine, .location, .unchecked, .skipped:
                continue
            }
        }
        return tables
    }

    /// The quarantine rows expected after the first `count` messages, given each message's offset.
    func expectedQuarantine(offsets: [Int64], topicNames: [ChangeTopic: String], upTo count: Int? = nil) -> [String] {
        zip(messages, offsets).prefix(count ?? messages.count).compactMap { m, offset in
            guard case let .quarantine(kind) = m.effect else { return nil }
            return "\(topicNames[m.topic] ?? "?")/\(m.partition)/\(offset) \(kind)"
        }.sorted()
    }

    // MARK: Documents

    static func caseVersion(_ i: Int, _ v: Int, _ d: Int) -> (serverModified: Int64, value: Int64) {
        (micros(Int64(d * 100_000 + i * 100 + v)), Int64(v * 1000 + i))
    }

    static func row(_ topic: ChangeTopic, _ version: (serverModified: Int64, value: Int64), hq: Bool) -> Row {
        // HQ form bodies come from XML, whose leaves are text; inline documents keep JSON numbers.
        let value: Value = topic == .forms && hq ? .string(String(version.value)) : .int64(version.value)
        return Row(serverModified: version.serverModified, value: value, supervisor: hq ? .string("sup1") : nil)
    }

    static func change(id: String, type: String, subtype: String?, domain: String, deletion: Bool = false,
                       document: JSONValue? = nil) -> JSONValue {
        var o = JSONObject([("document_id", .string(id)), ("document_type", .string(type)), ("domain", .string(domain)),
                            ("is_deletion", .bool(deletion)), ("data_source_type", "sql"), ("data_source_name", "commcarehq"),
                            ("publish_timestamp", "2024-03-01T00:00:00.000000Z")])
        if let subtype { o["document_subtype"] = .string(subtype) }
        if let document { o["document"] = document }
        return .object(o)
    }

    static func caseJSON(id: String, domain: String, type: String, version: (serverModified: Int64, value: Int64)) -> JSONValue {
        ["_id": .string(id), "case_id": .string(id), "doc_type": "CommCareCase", "domain": .string(domain),
         "type": .string(type), "name": .string("name of \(id)"), "owner_id": "owner-1", "user_id": "u1",
         "opened_on": .string(hqTime(micros(0))), "server_modified_on": .string(hqTime(version.serverModified)),
         "visits": .int(version.value), "closed": false]
    }

    static func formJSON(id: String, domain: String, xmlns: String, version: (serverModified: Int64, value: Int64)) -> JSONValue {
        ["_id": .string(id), "doc_type": "XFormInstance", "domain": .string(domain), "xmlns": .string(xmlns),
         "received_on": .string(hqTime(version.serverModified)), "server_modified_on": .string(hqTime(version.serverModified)),
         "form": ["@xmlns": .string(xmlns), "answer": .int(version.value),
                  "meta": ["timeEnd": .string(hqTime(version.serverModified)), "userID": "u1"]]]
    }

    /// Microseconds of `seconds` after the base date.
    static func micros(_ seconds: Int64) -> Int64 { (baseSeconds + seconds) * 1_000_000 }

    /// HQ's text form of a time: `YYYY-MM-DDTHH:MM:SS.ffffffZ` (only March 2024 occurs here).
    static func hqTime(_ micros: Int64) -> String {
        let s = micros / 1_000_000 - baseSeconds
        let day = s / 86_400 + 1, rest = s % 86_400
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "2024-03-\(two(day))T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60)).000000Z"
    }

    /// HQ's keyed producer puts every change of a document in one partition; any stable hash does here.
    static func partition(of id: String, _ count: Int32) -> Int32 {
        var h: UInt32 = 2_166_136_261
        for b in id.utf8 { h = (h ^ UInt32(b)) &* 16_777_619 }
        return Int32(h % UInt32(count))
    }
}
