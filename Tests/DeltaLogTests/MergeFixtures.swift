import Foundation
import TestSupport
@testable import DeltaLog
import Columnar

/// A small CommCare-like table for MERGE tests: `_id`, `ts` (server_modified_on), `v`, `del` (is_deletion)
/// and the partition column `p`, with a model row type to compare against.
enum MergeFixtures {
    struct Row: Equatable, CustomStringConvertible {
        var ts: Int64
        var v: Int64
        var del: Bool?
        var p: Int32
        var description: String { "(ts \(ts), v \(v), del \(del.map(String.init) ?? "null"), p \(p))" }
    }

    static func schema() throws -> Schema {
        try Schema(columns: [("_id", .string, true), ("ts", .int64, true), ("v", .int64, true), ("del", .boolean, true), ("p", .int32, true)])
    }

    static func batch(_ rows: [(String, Row)]) throws -> RecordBatch {
        var b = RecordBatchBuilder(schema: try schema())
        for (id, r) in rows {
            try b.append(row: [.string(id), .int64(r.ts), .int64(r.v), r.del.map(Value.boolean) ?? .null, .int32(r.p)])
        }
        return try b.finish()
    }

    static func create(_ table: DeltaTable, properties: [String: String] = [:], columnarFiles: Bool = true) throws {
        try table.create(TableDefinition(schema: schema(), partitionColumns: ["p"], properties: properties, columnarFiles: columnarFiles))
    }

    /// The table's rows at `version` (latest when nil) keyed by `_id`; a repeated key is recorded as an issue
    /// by returning it in `duplicates`.
    static func contents(_ table: DeltaTable, version: Int64? = nil) throws -> (rows: [String: Row], duplicates: [String]) {
        var out: [String: Row] = [:]
        var duplicates: [String] = []
        for r in try table.scan(version: version).rows() {
            guard case let .string(id)? = r["_id"], case let .int64(ts)? = r["ts"], case let .int64(v)? = r["v"],
                  case let .int32(p)? = r["p"] else { continue }
            var del: Bool?
            if case let .boolean(d)? = r["del"] { del = d }
            if out[id] != nil { duplicates.append(id) }
            out[id] = Row(ts: ts, v: v, del: del, p: p)
        }
        return (out, duplicates)
    }

}

/// A fresh directory on tmpfs when there is one (else under the temp dir), removed at the end: the model
/// tests commit thousands of versions, and fsync on a real disk would dominate their run time without
/// testing anything more.
struct ScratchDirectory: ~Copyable {
    let path: String

    init() throws {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm"
            : (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp")
        path = base + "/swiftlake-merge-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
