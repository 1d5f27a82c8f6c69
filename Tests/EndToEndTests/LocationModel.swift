import Columnar
import Ingest
import PostgresClient

/// The test's own model of an HQ location hierarchy (state → district → supervisor → flwc), kept in step with
/// the HQ-like database it writes, and what it implies for SwiftLake: the `<domain>_location` row of each location
/// and the `<type>_id` columns a record of a user at a location gets.
struct LocationModel {
    struct Location {
        var id: String
        var type: String
        var latitude: Double?
        var longitude: Double?
        var archived = false
        var parent: String?
        var name: String { "Name of \(id)" }
        var siteCode: String { "code-\(id)" }
    }

    static let types = ["state", "district", "supervisor", "flwc"]
    let domain: String
    private(set) var locations: [String: Location] = [:]
    /// Integer primary keys in `locations_sqllocation`, in insertion order.
    private(set) var keys: [String: Int] = [:]

    init(domain: String) { self.domain = domain }

    /// Adds (or replaces) a location in the model only (the inline mode has no database).
    mutating func put(_ location: Location) {
        locations[location.id] = location
    }

    /// Removes a location and its subtree from the model (HQ deletes the subtree with it).
    mutating func remove(_ id: String) {
        for l in subtree(id) { locations[l] = nil }
    }

    /// Deletes a location with its subtree, in the model and in the database.
    mutating func delete(_ id: String, _ db: borrowing PGConnection) throws {
        try db.execute("DELETE FROM locations_sqllocation WHERE location_id = ANY($1)", [PGTextArray(subtree(id))])
        remove(id)
    }

    /// The document a `location` message carries in inline mode, shaped like HQ's `SQLLocation.to_json()`.
    func document(_ id: String) -> Ingest.JSONValue {
        guard let l = locations[id] else { return .null }
        var lineage: [Ingest.JSONValue] = []
        var at = l.parent
        while let p = at.flatMap({ locations[$0] }), lineage.count < 16 {
            lineage.append(.string(p.id))
            at = p.parent
        }
        return ["_id": .string(id), "location_id": .string(id), "doc_type": "Location", "domain": .string(domain),
                "name": .string(l.name), "site_code": .string(l.siteCode), "location_type": .string(l.type),
                "latitude": l.latitude.map(Ingest.JSONValue.double) ?? .null,
                "longitude": l.longitude.map(Ingest.JSONValue.double) ?? .null, "is_archived": .bool(l.archived),
                "parent_location_id": l.parent.map(Ingest.JSONValue.string) ?? .null, "lineage": .array(lineage)]
    }

    /// Adds a location (its parent first) to the model and to the database.
    mutating func add(_ location: Location, _ db: borrowing PGConnection) throws {
        let key = keys.count + 1
        guard let typeKey = Self.types.firstIndex(of: location.type) else { throw E2EError.setup("type \(location.type)") }
        try db.execute("""
            INSERT INTO locations_sqllocation (id, location_id, domain, name, site_code, location_type_id, parent_id, latitude,
              longitude, is_archived) VALUES ($1::int, $2, $3, $4, $5, $6::int, $7::int, $8::numeric, $9::numeric, $10::boolean)
            """, ["\(key)", location.id, domain, location.name, location.siteCode, "\(typeKey + 1)",
                  location.parent.flatMap { keys[$0] }.map { "\($0)" }, location.latitude.map { "\($0)" },
                  location.longitude.map { "\($0)" }, location.archived ? "true" : "false"])
        keys[location.id] = key
        locations[location.id] = location
    }

    /// The location types (ids 1… in hierarchy order).
    func addTypes(_ db: borrowing PGConnection) throws {
        for (n, t) in Self.types.enumerated() {
            try db.execute("INSERT INTO locations_locationtype (id, domain, name, code) VALUES ($1::int, $2, $3, $3)",
                           ["\(n + 1)", domain, t])
        }
    }

    /// Moves `id` (with its subtree) under `parent`.
    mutating func move(_ id: String, under parent: String, _ db: borrowing PGConnection) throws {
        try db.execute("UPDATE locations_sqllocation SET parent_id = $2::int, last_modified = now() WHERE location_id = $1",
                       [id, keys[parent].map { "\($0)" }])
        locations[id]?.parent = parent
    }

    /// Archives `id` and its subtree, as HQ does.
    mutating func archive(_ id: String, _ db: borrowing PGConnection) throws {
        for l in subtree(id) {
            try db.execute("UPDATE locations_sqllocation SET is_archived = true, archived_on = now() WHERE location_id = $1", [l])
            locations[l]?.archived = true
        }
    }

    /// Root first.
    func chain(_ id: String) -> [Location] {
        var out: [Location] = []
        var at: String? = id
        while let l = at.flatMap({ locations[$0] }), out.count < 16 {
            out.insert(l, at: 0)
            at = l.parent
        }
        return out
    }

    func subtree(_ id: String) -> [String] {
        [id] + locations.values.filter { $0.parent == id }.map(\.id).sorted().flatMap(subtree)
    }

    /// The `<domain>_location` row of every location: `_id`, `location_type` and all six columns of every type
    /// (null for the types above the root or below the location).
    func expectedRows() -> [String: [String: Value]] {
        var rows: [String: [String: Value]] = [:]
        for (id, l) in locations {
            var row: [String: Value] = ["_id": .string(id), "domain": .string(domain), "location_type": .string(l.type)]
            for t in Self.types {
                for suffix in ["_id", "_name", "_site_code", "_latitude", "_longitude", "_is_archived"] { row[t + suffix] = .null }
            }
            for n in chain(id) {
                row[n.type + "_id"] = .string(n.id)
                row[n.type + "_name"] = .string(n.name)
                row[n.type + "_site_code"] = .string(n.siteCode)
                row[n.type + "_latitude"] = n.latitude.map(Value.float64) ?? .null
                row[n.type + "_longitude"] = n.longitude.map(Value.float64) ?? .null
                row[n.type + "_is_archived"] = .boolean(n.archived)
            }
            rows[id] = row
        }
        return rows
    }

    /// The location columns a record of a user at `location` gets now.
    func enrichment(_ location: String) -> [String: Value] {
        var out: [String: Value] = [:]
        for t in Self.types { out[t + "_id"] = .null }
        for n in chain(location) { out[n.type + "_id"] = .string(n.id) }
        return out
    }
}
