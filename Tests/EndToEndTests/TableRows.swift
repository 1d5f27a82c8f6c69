import Columnar
import DeltaLog
import Foundation
import Ingest
import Metastore

/// Row-by-row comparison of one table with an expected state given as `_id` → column → value: every expected
/// column of every row must hold exactly the expected value (an absent column counts as null); rows missing,
/// extra or present twice are reported.
enum TableRows {
    /// Every difference between the table at `path` and `expected` (empty when they agree).
    static func differences(_ name: String, path: String, expected: [String: [String: Value]]) -> [String] {
        let got: [[String: Value]]
        do {
            let table = DeltaTable(path: path)
            guard try table.exists() else { return expected.isEmpty ? [] : ["\(name): no table"] }
            got = try table.scan().rows()
        } catch {
            return ["\(name): cannot read (\(error))"]
        }
        var out: [String] = []
        var seen: Set<String> = []
        for row in got {
            guard case .string(let id)? = row["_id"] else { out.append("\(name): row without _id"); continue }
            guard seen.insert(id).inserted else { out.append("\(name): duplicate \(id)"); continue }
            guard let want = expected[id] else { out.append("\(name): extra row \(id)"); continue }
            for (column, value) in want.sorted(by: { $0.key < $1.key }) where (row[column] ?? .null) != value {
                out.append("\(name): \(id).\(column) is \(row[column] ?? .null), expected \(value)")
            }
        }
        for id in Set(expected.keys).subtracting(seen).sorted() { out.append("\(name): missing \(id)") }
        return out
    }

    /// The catalog's column types of `table` (Hive spelling) in the warehouse's embedded catalog.
    static func catalogTypes(warehouse: String, table: String) -> [String: String] {
        guard let record = try? FileMetastore(warehouse: warehouse).table("commcare", table) else { return [:] }
        return Dictionary(record.columns.map { ($0.name, $0.type.hiveName) }, uniquingKeysWith: { a, _ in a })
    }

    /// The quarantine rows (topic/partition/offset kind) of the given Kafka topics.
    static func quarantined(warehouse: String, topics: Set<String>) throws -> [String] {
        let table = DeltaTable(path: warehouse + "/" + QuarantineRecord.tableName)
        guard try table.exists() else { return [] }
        return try table.scan(columns: ["topic", "partition", "offset", "error_kind"]).rows().compactMap { row in
            guard case .string(let topic)? = row["topic"], topics.contains(topic) else { return nil }
            return "\(topic)/\(row["partition"] ?? .null)/\(row["offset"] ?? .null) \(row["error_kind"] ?? .null)"
        }.sorted()
    }
}
