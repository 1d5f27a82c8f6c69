import Columnar
import DeltaLog
import Foundation
import Ingest
import Metastore

/// Compares a warehouse, row by row, with the state a `Feed` says it must hold.
struct WarehouseState {
    let warehouse: String
    let topicNames: [ChangeTopic: String]

    /// Every difference found (empty when the warehouse is exactly as expected): tables that should or should not
    /// exist, missing, extra, duplicated or different rows, and quarantine rows of the form and case topics.
    func differences(expected: [TableIdentity: [String: Feed.Row]], quarantine: [String], catalog: Bool = false) -> [String] {
        var out: [String] = []
        let domains = Set(expected.keys.map(\.domain))
        var onDisk: Set<String> = []
        for domain in domains {
            for topic in [ChangeTopic.cases, .forms] {
                let dir = warehouse + "/" + TableIdentity.directory(domain: domain, topic: topic)
                for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
                where FileManager.default.fileExists(atPath: dir + "/" + name + "/_delta_log") {
                    onDisk.insert(Self.normalized(dir + "/" + name))
                }
            }
        }
        let wanted = Set(expected.keys.map { Self.normalized($0.location(warehouse: warehouse)) })
        for stray in onDisk.subtracting(wanted).sorted() { out.append("unexpected table \(stray)") }

        for (table, rows) in expected.sorted(by: { $0.key.tableName < $1.key.tableName }) {
            out += differences(table, rows)
            if catalog {
                do { _ = try FileMetastore(warehouse: warehouse).table("commcare", table.tableName) } catch {
                    out.append("\(table.tableName): not in the catalog (\(error))")
                }
            }
        }
        out += quarantineDifferences(quarantine)
        return out
    }

    static func normalized(_ path: String) -> String { "/" + path.split(separator: "/").joined(separator: "/") }

    private func differences(_ table: TableIdentity, _ rows: [String: Feed.Row]) -> [String] {
        let name = table.tableName
        guard let valueColumn = Feed.valueColumn[table.topic] else { return ["\(name): unexpected topic"] }
        let withSupervisor = rows.values.contains { $0.supervisor != nil }
        let columns = ["_id", "server_modified_on", valueColumn] + (withSupervisor ? ["supervisor_id"] : [])
        let got: [[String: Value]]
        do {
            got = try DeltaTable(path: table.location(warehouse: warehouse)).scan(columns: columns).rows()
        } catch {
            return ["\(name): cannot read (\(error))"]
        }
        var out: [String] = []
        var seen: Set<String> = []
        for row in got {
            guard case .string(let id)? = row["_id"] else { out.append("\(name): row without _id: \(row)"); continue }
            guard seen.insert(id).inserted else { out.append("\(name): duplicate \(id)"); continue }
            guard let want = rows[id] else { out.append("\(name): extra row \(id)"); continue }
            let have = Feed.Row(serverModified: { if case .timestamp(let t)? = row["server_modified_on"] { return t } else { return -1 } }(),
                                value: row[valueColumn] ?? .null, supervisor: withSupervisor ? row["supervisor_id"] ?? .null : nil)
            if have != want { out.append("\(name): \(id) is \(have), expected \(want)") }
        }
        for id in Set(rows.keys).subtracting(seen).sorted() { out.append("\(name): missing \(id)") }
        return out
    }

    private func quarantineDifferences(_ expected: [String]) -> [String] {
        let table = DeltaTable(path: warehouse + "/" + QuarantineRecord.tableName)
        let checked = Set([topicNames[.cases], topicNames[.forms]].compactMap { $0 })
        var got: [String] = []
        do {
            if try table.exists() {
                for row in try table.scan(columns: ["topic", "partition", "offset", "error_kind"]).rows() {
                    guard case .string(let topic)? = row["topic"], checked.contains(topic),
                          case .int64(let p)? = row["partition"], case .int64(let o)? = row["offset"],
                          case .string(let kind)? = row["error_kind"] else { continue }
                    got.append("\(topic)/\(p)/\(o) \(kind)")
                }
            }
        } catch {
            return ["quarantine: cannot read (\(error))"]
        }
        got.sort()
        return got == expected ? [] : ["quarantine holds \(got), expected \(expected)"]
    }
}
