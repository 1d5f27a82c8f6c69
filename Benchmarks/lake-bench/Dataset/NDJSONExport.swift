import Foundation

/// Writes dataset rows as newline-delimited JSON so that peer tools load the identical rows.
///
/// Timestamps are integers (microseconds since the epoch, UTC) and `month` is an integer day count:
/// peers cast them to timestamp[us, UTC] and date32, which avoids any time-zone or parsing ambiguity.
enum NDJSONExport {
    static let columns: [String] = {
        var c = ["_id", "domain", "type", "owner_id", "user_id", "supervisor_id", "opened_on", "modified_on",
                 "server_modified_on", "closed", "closed_on", "name", "external_id", "month"]
        c += (0..<10).map { "case__p\($0)" } + (0..<5).map { "case__n\($0)" } + (0..<3).map { "case__d\($0)" }
        c += ["case__t0", "case__t1"]
        return c
    }()

    /// Appends one row's JSON object and a newline to `out`.
    static func append(_ r: CaseRow, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var first = true
        func key(_ k: String) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            string(k, &out)
            out.append(UInt8(ascii: ":"))
        }
        func str(_ k: String, _ v: String?) { key(k); if let v { string(v, &out) } else { out += Array("null".utf8) } }
        func int(_ k: String, _ v: Int64?) { key(k); out += Array((v.map { String($0) } ?? "null").utf8) }
        str("_id", r.id); str("domain", r.domain); str("type", r.type); str("owner_id", r.ownerID)
        str("user_id", r.userID); str("supervisor_id", r.supervisorID)
        int("opened_on", r.openedOn); int("modified_on", r.modifiedOn); int("server_modified_on", r.serverModifiedOn)
        key("closed"); out += Array((r.closed ? "true" : "false").utf8)
        int("closed_on", r.closedOn); str("name", r.name); str("external_id", r.externalID); int("month", Int64(r.month))
        for (k, v) in r.p.enumerated() { str("case__p\(k)", v) }
        for (k, v) in r.n.enumerated() { int("case__n\(k)", v) }
        // Shortest round-trip representation: Swift's description of a Double parses back to the same bits.
        for (k, v) in r.d.enumerated() { key("case__d\(k)"); out += Array("\(v)".utf8) }
        for (k, v) in r.t.enumerated() { str("case__t\(k)", v) }
        out += [UInt8(ascii: "}"), UInt8(ascii: "\n")]
    }

    private static func string(_ s: String, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0..<0x20: out += Array(String(format: "\\u%04x", b).utf8)
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Writes `rows` to `path`, flushing every few megabytes.
    static func write<S: Sequence>(_ rows: S, to path: String) throws where S.Element == CaseRow {
        guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
            throw BenchError.cannotWrite(path)
        }
        defer { try? h.close() }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 22)
        for r in rows {
            append(r, to: &buffer)
            if buffer.count > 1 << 22 {
                try h.write(contentsOf: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try h.write(contentsOf: buffer)
    }
}
