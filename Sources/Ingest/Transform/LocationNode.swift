/// One location of a hierarchy, as the enrichment and the location table need it.
public struct LocationNode: Sendable, Equatable {
    public var locationID: String
    /// The location type's name (`state`, `district`, `supervisor`, …); columns are keyed by it.
    public var typeName: String
    public var name: String?
    public var siteCode: String?
    public var latitude: Double?
    public var longitude: Double?
    public var isArchived: Bool

    public init(locationID: String, typeName: String, name: String? = nil, siteCode: String? = nil,
                latitude: Double? = nil, longitude: Double? = nil, isArchived: Bool = false) {
        self.locationID = locationID
        self.typeName = typeName
        self.name = name
        self.siteCode = siteCode
        self.latitude = latitude
        self.longitude = longitude
        self.isArchived = isArchived
    }

    /// The column prefix for a location type name: sanitised like table names (`Supervisor` → `supervisor`).
    public static func columnPrefix(_ typeName: String) -> String {
        TableIdentity.sanitise(typeName, keepDash: false)
    }

    /// The type of a `<domain>_location` column even where every row of a batch holds null (a type whose
    /// locations have no coordinates yet): coordinates are doubles, archive flags booleans, the rest text.
    public static func columnType(_ column: String) -> FieldType? {
        if column.hasSuffix("_latitude") || column.hasSuffix("_longitude") { return .double }
        if column.hasSuffix("_is_archived") { return .bool }
        return nil
    }

    /// The `<domain>_location` row of the last location in `chain` (root first): `_id`, `domain`,
    /// `location_type`, and for every location of the chain `<type>_id`, `_name`, `_site_code`, `_latitude`,
    /// `_longitude`, `_is_archived`; the columns in `ensure` are present (null when absent).
    public static func hierarchyRecord(domain: String, chain: [LocationNode], ensure: [String]) -> FlatRecord? {
        guard let leaf = chain.last else { return nil }
        var r = FlatRecord([("_id", .string(leaf.locationID)), ("domain", .string(domain)),
                            ("location_type", .string(leaf.typeName))])
        for node in chain {
            let p = columnPrefix(node.typeName)
            r[p + "_id"] = .string(node.locationID)
            r[p + "_name"] = node.name.map(FieldValue.string) ?? .null
            r[p + "_site_code"] = node.siteCode.map(FieldValue.string) ?? .null
            r[p + "_latitude"] = node.latitude.map(FieldValue.double) ?? .null
            r[p + "_longitude"] = node.longitude.map(FieldValue.double) ?? .null
            r[p + "_is_archived"] = .bool(node.isArchived)
        }
        for column in ensure where r[column] == nil { r[column] = .null }
        return r
    }
}
