import Testing
import TestSupport
import Foundation
@testable import DeltaLog
import Columnar

/// `containsAny(keys:keyColumns:)`: live rows only, across partitions and files, after deletes and updates.
@Suite struct ContainsKeysTests {
    static let schema = try! Schema(columns: [("_id", .string, false), ("month", .string, true)])

    static func rows(_ ids: [(String, String)]) throws -> RecordBatch {
        var b = RecordBatchBuilder(schema: schema)
        for (id, m) in ids { try b.append(row: [.string(id), .string(m)]) }
        return try b.finish()
    }

    static func keys(_ ids: [String]) throws -> RecordBatch {
        var b = RecordBatchBuilder(schema: try Schema(columns: [("_id", .string, false)]))
        for id in ids { try b.append(row: [.string(id)]) }
        return try b.finish()
    }

    @Test func findsLiveKeysOnly() throws {
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        #expect(try !table.containsAny(keys: try Self.keys(["a"]), keyColumns: ["_id"]))
        try table.create(TableDefinition(schema: Self.schema, partitionColumns: ["month"]))
        try table.upsert([try Self.rows([("a", "2024-01"), ("b", "2024-02"), ("c", "2024-02")])], keyColumns: ["_id"])
        try table.upsert([try Self.rows([("d", "2024-03"), ("b", "2024-02")])], keyColumns: ["_id"])
        #expect(try table.containsAny(keys: try Self.keys(["zz", "c"]), keyColumns: ["_id"]))
        #expect(try table.containsAny(keys: try Self.keys(["d"]), keyColumns: ["_id"]))
        #expect(try table.containsAny(keys: try Self.keys(["b"]), keyColumns: ["_id"]))
        #expect(try !table.containsAny(keys: try Self.keys(["zz", "y"]), keyColumns: ["_id"]))
        #expect(try !table.containsAny(keys: try Self.keys([]), keyColumns: ["_id"]))
        // Deleted rows (deletion vectors) no longer count; the others still do.
        try table.delete(keys: try Self.keys(["c", "d"]), keyColumns: ["_id"])
        #expect(try !table.containsAny(keys: try Self.keys(["c", "d"]), keyColumns: ["_id"]))
        #expect(try table.containsAny(keys: try Self.keys(["d", "a"]), keyColumns: ["_id"]))
        #expect(throws: DeltaLogError.unknownColumn("nope")) {
            try table.containsAny(keys: try Self.keys(["a"]), keyColumns: ["nope"])
        }
    }
}
