/// A named, typed column of a table (or a field of a struct type).
///
/// Column names keep their case here, as in Spark's schema JSON; the Hive rows (`COLUMNS_V2`,
/// `PARTITION_KEYS`) get the lower-cased name, which is what Hive itself stores.
public struct CatalogColumn: Sendable, Hashable, Codable {
    public var name: String
    public var type: ColumnType
    public var nullable: Bool
    /// At most 256 characters: `COLUMNS_V2.COMMENT` is `varchar(256)` in the DataNucleus-created schema.
    public var comment: String?

    public init(name: String, type: ColumnType, nullable: Bool = true, comment: String? = nil) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.comment = comment
    }

    /// The longest column comment both Hive schema variants can store.
    public static let maxCommentLength = 256

    private enum CodingKeys: String, CodingKey { case name, type, nullable, comment }

    // The type is stored as its Spark JSON text: unlike Hive syntax it keeps nested nullability.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let json = try c.decode(String.self, forKey: .type)
        name = try c.decode(String.self, forKey: .name)
        type = try SparkSchemaJSON.decodeType(json)
        nullable = try c.decode(Bool.self, forKey: .nullable)
        comment = try c.decodeIfPresent(String.self, forKey: .comment)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(SparkSchemaJSON.encodeType(type), forKey: .type)
        try c.encode(nullable, forKey: .nullable)
        try c.encodeIfPresent(comment, forKey: .comment)
    }
}
