import Columnar
import DeltaLog
import Foundation
import Metastore
@testable import Ingest

/// Builds inline-document messages (the document travels in the message) for loop tests, with offsets in order.
struct InlineFeed {
    var domain = "d1"
    var partition: Int32 = 0
    var next: [String: Int64] = [:]

    static let xmlns = "http://openrosa.org/formdesigner/VISIT"

    mutating func message(_ topic: String, _ meta: ChangeMeta) -> IncomingMessage {
        let offset = next[topic] ?? 0
        next[topic] = offset + 1
        return IncomingMessage(topic: topic, partition: partition, offset: offset, key: Array(meta.documentID.utf8),
                               value: meta.json.jsonBytes)
    }

    /// A case save; `fields` are extra top-level properties; `modified` orders versions (latest wins).
    mutating func caseSave(_ id: String, type: String = "child", modified: Int, _ fields: [(String, Ingest.JSONValue)] = []) -> IncomingMessage {
        var doc = JSONObject([("_id", .string(id)), ("domain", .string(domain)), ("type", .string(type)),
                              ("opened_on", "2024-03-05T10:00:00.000000Z"),
                              ("server_modified_on", .string("2024-03-05T10:00:\(String(format: "%02d", modified)).000000Z"))])
        for (k, v) in fields { doc[k] = v }
        return message("case-sql", ChangeMeta(documentID: id, documentType: "CommCareCase", documentSubtype: type, domain: domain,
                                              isDeletion: false, inlineDocument: .object(doc)))
    }

    mutating func formSave(_ id: String, docType: String = "XFormInstance", modified: Int) -> IncomingMessage {
        let doc = JSONObject([("_id", .string(id)), ("domain", .string(domain)), ("doc_type", .string(docType)),
                              ("xmlns", .string(Self.xmlns)),
                              ("server_modified_on", .string("2024-03-05T11:00:\(String(format: "%02d", modified)).000000Z")),
                              ("form", .object(JSONObject([("meta", .object(JSONObject([("timeEnd", "2024-03-05T10:59:00.000000Z")])))])))])
        return message("form-sql", ChangeMeta(documentID: id, documentType: docType, documentSubtype: Self.xmlns, domain: domain,
                                              isDeletion: false, inlineDocument: .object(doc)))
    }

    /// A deletion as HQ publishes it: no subtype.
    mutating func deletion(_ id: String, topic: String = "case-sql") -> IncomingMessage {
        message(topic, ChangeMeta(documentID: id, documentType: topic == "case-sql" ? "CommCareCase-Deleted" : "XFormInstance-Deleted",
                                  documentSubtype: nil, domain: domain, isDeletion: true))
    }

    /// A location save carrying its document (inline mode), shaped like HQ's `SQLLocation.to_json()`.
    mutating func locationSave(_ id: String, type: String, parent: String?, archived: Bool = false) -> IncomingMessage {
        let doc = JSONObject([("_id", .string(id)), ("location_id", .string(id)), ("doc_type", "Location"),
                              ("domain", .string(domain)), ("name", .string("name-\(id)")), ("site_code", .string("site-\(id)")),
                              ("location_type", .string(type)), ("latitude", .double(1.5)), ("longitude", .int(-2)),
                              ("is_archived", .bool(archived)), ("parent_location_id", parent.map(JSONValue.string) ?? .null)])
        return message("location", ChangeMeta(documentID: id, documentType: "Location", documentSubtype: nil, domain: domain,
                                              isDeletion: false, inlineDocument: .object(doc)))
    }

    mutating func locationChange(_ id: String, deleted: Bool = false) -> IncomingMessage {
        message("location", ChangeMeta(documentID: id, documentType: "Location", documentSubtype: nil, domain: domain,
                                       isDeletion: deleted))
    }
}

/// A throwaway warehouse and a loop over it with the inline source.
struct LoopFixture: ~Copyable {
    let warehouse: String
    var loop: IngestLoop

    /// `inlineLocations`: the inline mode's own directory (`InlineLocationDirectory` over this warehouse) instead of
    /// `directory`.
    init(_ configure: (inout IngestConfig) -> Void = { _ in }, directory: StaticLocationDirectory = StaticLocationDirectory(),
         inlineLocations: Bool = false, catalog: (any Metastore)? = nil) throws {
        warehouse = FileManager.default.temporaryDirectory.path + "/ingest-loop-\(UUID().uuidString)"
        var config = IngestConfig()
        config.warehouse = warehouse
        config.source = .inline
        configure(&config)
        let sources = IngestSources(documents: InlineDocumentSource(),
                                    locations: inlineLocations ? InlineLocationDirectory(warehouse: warehouse) : directory)
        if let catalog {
            loop = try IngestLoop(config: config, sources: sources, catalog: catalog)
        } else {
            loop = try IngestLoop(config: config, sources: sources)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: warehouse) }

    func table(_ topic: ChangeTopic, _ subtype: String?, domain: String = "d1") -> DeltaTable {
        DeltaTable(path: TableIdentity(domain: domain, topic: topic, subtype: subtype).location(warehouse: warehouse))
    }

    /// `_id` → the named column's value, for every row of a table (empty when the table does not exist).
    func rows(_ table: DeltaTable, _ column: String = "_id") throws -> [String: Value] {
        guard try table.exists() else { return [:] }
        var out: [String: Value] = [:]
        for row in try table.scan().rows() {
            guard case .string(let id)? = row["_id"] else { continue }
            out[id] = row[column] ?? .null
        }
        return out
    }
}
