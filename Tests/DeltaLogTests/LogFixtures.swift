import Foundation
import TestSupport
@testable import DeltaLog
import Columnar

/// Helpers that build tables out of log actions only (fake data file paths), for log-level tests.
enum LogFixtures {
    static func schema() throws -> Schema {
        try Schema(columns: [("id", .int64, false), ("name", .string, true), ("month", .date, true)])
    }

    /// A batch of `schema()` rows with the given ids, one name, and month 2024-01-01.
    static func rows(ids: [Int64], name: String) throws -> RecordBatch {
        var b = RecordBatchBuilder(schema: try schema())
        for id in ids { try b.append(row: [.int64(id), .string(name), .date(19723)]) }
        return try b.finish()
    }

    static func add(_ path: String, month: String? = "2024-01-01", rows: Int64 = 10) -> AddFile {
        AddFile(path: path, partitionValues: ["month": month], size: 100, modificationTime: 1,
                stats: FileStatistics(numRecords: rows).json)
    }

    /// Creates a partitioned table and `commits` appends of one file each; returns each version's file paths.
    static func history(_ table: DeltaTable, commits: Int, properties: [String: String] = [:]) throws -> [[String]] {
        try table.create(TableDefinition(schema: schema(), partitionColumns: ["month"], properties: properties))
        var versions: [[String]] = [[]]
        var live: [String] = []
        for i in 1...commits {
            var tx = try table.startTransaction()
            if i % 7 == 0, let victim = live.first {
                // Every seventh commit replaces a file, so replay must honour removes.
                tx.readWholeTable()
                tx.remove(RemoveFile(path: victim, deletionTimestamp: 5))
                live.removeFirst()
            }
            let path = "month=2024-01-01/part-\(i).slc"
            tx.add(add(path))
            live.append(path)
            try tx.commit(operation: "WRITE")
            versions.append(live.sorted())
        }
        // Automatic checkpoints are written in the background; the tests that use this history inspect them.
        DeltaTable.waitForBackgroundCheckpoints()
        return versions
    }
}
