/// A database (Hive's `DBS` row plus `DATABASE_PARAMS`).
public struct DatabaseRecord: Sendable, Hashable, Codable {
    public var name: String
    /// A URI (`file:/abs/path`, `s3a://…`).
    public var location: String
    public var comment: String?
    public var properties: [String: String]
    public var owner: String

    public init(name: String, location: String, comment: String? = nil, properties: [String: String] = [:], owner: String) {
        self.name = name
        self.location = location
        self.comment = comment
        self.properties = properties
        self.owner = owner
    }
}
