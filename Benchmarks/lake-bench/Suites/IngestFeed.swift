import Ingest

/// The `ingest` suite's change feed: N CommCare case change messages in inline-document mode (the document
/// travels in the message, so no database is in the loop), derived from the benchmark dataset.
///
/// Message `i`: every 100th (i % 100 == 99) deletes the case of row i/3 (HQ's deletion: no subtype); every 5th
/// (i % 5 == 4) updates the case of row i/2 (later `server_modified_on`, changed `p0` and `n0`); all others
/// create the case of row i. One domain (`icds-cas`, as the original deployment) and the dataset's 8 case types:
/// 8 tables. Keyed by case id, so all messages of a case land in one partition, in order.
enum IngestFeed {
    static let domain = "icds-cas"

    enum Kind: Equatable { case create, update, delete }

    static func kind(_ i: Int) -> (Kind, row: Int) {
        if i % 100 == 99 { return (.delete, i / 3) }
        if i % 5 == 4 { return (.update, i / 2) }
        return (.create, i)
    }

    /// The Kafka key and value of message `i`.
    static func message(_ i: Int, _ ds: CaseDataset) -> (key: [UInt8], value: [UInt8]) {
        let (kind, index) = kind(i)
        var r = ds.row(index)
        let key = Array(r.id.utf8)
        if kind == .delete {
            let meta = ChangeMeta(documentID: r.id, documentType: "CommCareCase-Deleted", documentSubtype: nil,
                                  domain: domain, isDeletion: true, dataSourceType: "sql", dataSourceName: "case-sql")
            return (key, meta.json.jsonBytes)
        }
        if kind == .update {
            let later = Int64(i - index) * 1_000_000
            r.modifiedOn += later
            r.serverModifiedOn += later
            r.p[0] = "val_0_upd"
            r.n[0] += 1
        }
        let meta = ChangeMeta(documentID: r.id, documentType: "CommCareCase", documentSubtype: r.type, domain: domain,
                              isDeletion: false, dataSourceType: "sql", dataSourceName: "case-sql",
                              publishTimestamp: HQTime.formatTimestamp(r.serverModifiedOn), inlineDocument: .object(document(r)))
        return (key, meta.json.jsonBytes)
    }

    /// The case document HQ would serve: standard fields at the top, properties under `case` (flattened to
    /// `case__p0` … like the dataset's columns), timestamps in HQ's text form. `month` is derived by the pipeline.
    static func document(_ r: CaseRow) -> JSONObject {
        var props: [(String, JSONValue)] = []
        for (k, v) in r.p.enumerated() { props.append(("p\(k)", .string(v))) }
        for (k, v) in r.n.enumerated() { props.append(("n\(k)", .int(v))) }
        for (k, v) in r.d.enumerated() { props.append(("d\(k)", .double(v))) }
        for (k, v) in r.t.enumerated() { props.append(("t\(k)", v.map(JSONValue.string) ?? .null)) }
        return JSONObject([
            ("_id", .string(r.id)), ("domain", .string(domain)), ("type", .string(r.type)), ("owner_id", .string(r.ownerID)),
            ("user_id", .string(r.userID)), ("supervisor_id", .string(r.supervisorID)),
            ("opened_on", .string(HQTime.formatTimestamp(r.openedOn))), ("modified_on", .string(HQTime.formatTimestamp(r.modifiedOn))),
            ("server_modified_on", .string(HQTime.formatTimestamp(r.serverModifiedOn))), ("closed", .bool(r.closed)),
            ("closed_on", r.closedOn.map { .string(HQTime.formatTimestamp($0)) } ?? .null), ("name", .string(r.name)),
            ("external_id", r.externalID.map(JSONValue.string) ?? .null), ("case", .object(JSONObject(props))),
        ])
    }

    /// The case ids present after applying messages 0..<n in order, by case type (the expected table contents).
    static func expectedIDs(_ n: Int, _ ds: CaseDataset) -> [String: Set<String>] {
        var live: [Int: Bool] = [:]
        for i in 0..<n {
            let (kind, row) = kind(i)
            live[row] = kind != .delete
        }
        var out: [String: Set<String>] = [:]
        for (row, alive) in live where alive {
            let r = ds.row(row)
            out[r.type, default: []].insert(r.id)
        }
        return out
    }
}
