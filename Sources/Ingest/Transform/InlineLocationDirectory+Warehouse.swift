import Columnar
import DeltaLog

extension InlineLocationDirectory {
    /// A directory that, on a domain's first changes, rebuilds what it knew from the domain's `<domain>_location`
    /// table in `warehouse` (absent table: nothing yet).
    public init(warehouse: String) {
        self.init(seed: { domain throws(DocumentSourceError) in try Self.locations(inTableOf: domain, warehouse: warehouse) })
    }

    /// Every location of a `<domain>_location` table with its parent: each row is one location (`_id`,
    /// `location_type`, its own `<type>_name`, … columns); its chain is the set of its non-null `<type>_id`
    /// columns, and its parent the member of that chain whose own chain is one shorter.
    static func locations(inTableOf domain: String, warehouse: String) throws(DocumentSourceError)
        -> [String: (node: LocationNode, parent: String?)] {
        let table = DeltaTable(path: TableIdentity(domain: domain, topic: .locations, subtype: nil).location(warehouse: warehouse))
        let rows: [[String: Value]]
        do {
            guard try table.exists() else { return [:] }
            rows = try table.scan().rows()
        } catch { throw .locationTable(domain: domain, reason: error.description) }
        var nodes: [String: LocationNode] = [:]
        var chains: [String: Set<String>] = [:]
        for row in rows {
            guard case .string(let id)? = row["_id"], case .string(let type)? = row["location_type"] else { continue }
            let p = LocationNode.columnPrefix(type)
            func text(_ c: String) -> String? { if case .string(let s)? = row[c] { s } else { nil } }
            func number(_ c: String) -> Double? { if case .float64(let d)? = row[c] { d } else { nil } }
            nodes[id] = LocationNode(locationID: id, typeName: type, name: text(p + "_name"), siteCode: text(p + "_site_code"),
                                     latitude: number(p + "_latitude"), longitude: number(p + "_longitude"),
                                     isArchived: row[p + "_is_archived"] == .boolean(true))
            var chain: Set<String> = []
            for (column, value) in row where column != "_id" && column.hasSuffix("_id") {
                if case .string(let member) = value { chain.insert(member) }
            }
            chains[id] = chain
        }
        var out: [String: (node: LocationNode, parent: String?)] = [:]
        for (id, node) in nodes {
            let depth = chains[id]?.count ?? 0
            let parent = (chains[id] ?? []).first { $0 != id && chains[$0]?.count == depth - 1 }
            out[id] = (node, parent)
        }
        return out
    }
}
