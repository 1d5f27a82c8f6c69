/// What a caller says about a table: the input to `createTable` and `sync`. Neutral on purpose, so that
/// the catalog does not depend on the table engine; an adapter builds it from a DeltaLog snapshot.
public struct CatalogTableDefinition: Sendable, Hashable {
    public var database: String
    public var name: String
    /// A URI or an absolute path; stored as a URI (`/x/y` becomes `file:/x/y`).
    public var location: String
    public var format: DataFormat
    /// All columns, partition columns included, in schema order.
    public var columns: [CatalogColumn]
    /// Names of the partition columns, in partition order; each must be one of `columns`.
    public var partitionColumns: [String]
    /// User properties. Keys starting with `spark.sql.` or `swiftlake.`, and Hive's `EXTERNAL` and
    /// `transient_lastDdlTime`, belong to the catalog and are refused.
    public var properties: [String: String]
    /// The Delta table version the definition was taken from, stored as `swiftlake.delta.version`.
    public var deltaVersion: Int64?
    /// The owner recorded in `TBLS.OWNER`; nil means the current OS user.
    public var owner: String?

    public init(database: String, name: String, location: String, format: DataFormat, columns: [CatalogColumn],
                partitionColumns: [String] = [], properties: [String: String] = [:], deltaVersion: Int64? = nil,
                owner: String? = nil) {
        self.database = database
        self.name = name
        self.location = location
        self.format = format
        self.columns = columns
        self.partitionColumns = partitionColumns
        self.properties = properties
        self.deltaVersion = deltaVersion
        self.owner = owner
    }
}

extension CatalogTableDefinition {
    /// Checks the definition against every rule `createTable` applies, without storing anything — for
    /// callers that must create other things (the Delta table) only when registration will succeed.
    public func validate() throws(MetastoreError) {
        _ = try DefinitionRules.record(self, owner: owner ?? "", createTime: 0)
    }
}
