/// The location directory of the inline mode, where each `location` message carries its location as HQ's
/// `SQLLocation.to_json()` shapes it: `location_id` (or `_id`), `location_type` (the type's name), `name`,
/// `site_code`, `latitude`, `longitude`, `is_archived`, `parent_location_id` (or, without it, `lineage`, the
/// ancestors nearest first).
///
/// It knows the locations its messages brought (`absorb`), so `<domain>_location` gets the same rows as in HQ
/// mode: a moved location's whole subtree is rewritten with its new ancestors, a deleted location goes with its
/// subtree (as HQ deletes it). What it knew before a restart is rebuilt from the warehouse's `<domain>_location`
/// table the first time a domain's changes arrive (`seed`), so the table is its memory. Users are not on the
/// change feed: records are not enriched (location columns null). An ancestor no message ever described ends
/// the chain (the location is treated as a root until its parent's message arrives, which rewrites the subtree).
///
/// Archiving is not propagated: HQ saves (and so publishes) every location of an archived subtree itself.
public struct InlineLocationDirectory: LocationDirectory, Sendable {
    /// Every known location with its parent's id.
    public private(set) var known = StaticLocationDirectory()
    /// Rebuilds a domain's locations from the warehouse on first sight (nil: start empty).
    public var seed: (@Sendable (String) throws(DocumentSourceError) -> [String: (node: LocationNode, parent: String?)])?
    private var seeded: Set<String> = []

    public init(seed: (@Sendable (String) throws(DocumentSourceError) -> [String: (node: LocationNode, parent: String?)])? = nil) {
        self.seed = seed
    }

    public mutating func userLocations(_ userIDs: [String]) throws(DocumentSourceError) -> [String: String] { [:] }

    public mutating func ancestors(of locationIDs: [String]) throws(DocumentSourceError) -> [String: [LocationNode]] {
        try known.ancestors(of: locationIDs)
    }

    public mutating func descendants(of locationIDs: [String]) throws(DocumentSourceError) -> [String] {
        try known.descendants(of: locationIDs)
    }

    public mutating func absorb(_ changes: [RoutedChange], domain: String) throws(DocumentSourceError) -> [String: DocumentSourceError] {
        if let seed, !seeded.contains(domain) {
            for (id, entry) in try seed(domain) where known.locations[id] == nil { known.locations[id] = entry }
            seeded.insert(domain)
        }
        var unusable: [String: DocumentSourceError] = [:]
        for c in changes {
            let id = c.change.documentID
            if c.change.isDeletion {
                for gone in try known.descendants(of: [id]) { known.locations[gone] = nil }
                unusable[id] = nil
                continue
            }
            guard let doc = c.change.inlineDocument else {
                unusable[id] = .badLocation(id: id, reason: "the change carries no document")
                continue
            }
            do {
                known.locations[id] = try Self.entry(id: id, doc)
                unusable[id] = nil
            } catch {
                unusable[id] = error
            }
        }
        return unusable
    }

    /// The node and parent id a location document describes.
    static func entry(id: String, _ doc: JSONValue) throws(DocumentSourceError) -> (node: LocationNode, parent: String?) {
        guard case .object(let o) = doc else { throw .badLocation(id: id, reason: "the document is not a JSON object") }
        guard case .string(let type)? = o["location_type"], !type.isEmpty else {
            throw .badLocation(id: id, reason: "location_type (the type's name) is missing")
        }
        if case .string(let own)? = o["location_id"] ?? o["_id"], own != id {
            throw .badLocation(id: id, reason: "the document is location \(own)")
        }
        let parent: String?
        switch o["parent_location_id"] {
        case .string(let p)?: parent = p.isEmpty ? nil : p
        case nil, .null?:
            if case .array(let lineage)? = o["lineage"], case .string(let p)? = lineage.first { parent = p } else { parent = nil }
        default: throw .badLocation(id: id, reason: "parent_location_id is not text")
        }
        guard parent != id else { throw .badLocation(id: id, reason: "the location is its own parent") }
        func text(_ k: String) -> String? { if case .string(let s)? = o[k] { s } else { nil } }
        return (LocationNode(locationID: id, typeName: type, name: text("name"), siteCode: text("site_code"),
                             latitude: ReplayFeed.number(o["latitude"]) ?? text("latitude").flatMap(Double.init),
                             longitude: ReplayFeed.number(o["longitude"]) ?? text("longitude").flatMap(Double.init),
                             isArchived: o["is_archived"] == .bool(true)),
                parent)
    }
}
