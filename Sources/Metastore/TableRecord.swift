/// A table as the catalog stores it.
public struct TableRecord: Sendable, Hashable, Codable {
    public var database: String
    public var name: String
    /// The location URI (`file:/abs/path`, `s3a://…`).
    public var location: String
    public var format: DataFormat
    /// Data columns first, then the partition columns in partition order — the order Spark stores and
    /// reads, whatever order the definition gave.
    public var columns: [CatalogColumn]
    public var partitionColumns: [String]
    /// User properties only; the catalog's own keys are not included.
    public var properties: [String: String]
    public var deltaVersion: Int64?
    public var owner: String
    /// Seconds since the epoch.
    public var createTime: Int64

    public init(database: String, name: String, location: String, format: DataFormat, columns: [CatalogColumn],
                partitionColumns: [String], properties: [String: String], deltaVersion: Int64?, owner: String,
                createTime: Int64) {
        self.database = database
        self.name = name
        self.location = location
        self.format = format
        self.columns = columns
        self.partitionColumns = partitionColumns
        self.properties = properties
        self.deltaVersion = deltaVersion
        self.owner = owner
        self.createTime = createTime
    }

    /// The columns stored in `COLUMNS_V2` (everything but the partition columns).
    public var dataColumns: [CatalogColumn] {
        let partition = Set(partitionColumns.map { $0.lowercased() })
        return columns.filter { !partition.contains($0.name.lowercased()) }
    }

    /// The partition columns with their types, in partition order.
    public var partitionColumnDefinitions: [CatalogColumn] {
        partitionColumns.compactMap { p in columns.first { $0.name.lowercased() == p.lowercased() } }
    }

    /// The definition that would produce this record (used for create-if-absent comparisons and sync).
    public var definition: CatalogTableDefinition {
        CatalogTableDefinition(database: database, name: name, location: location, format: format, columns: columns,
                        partitionColumns: partitionColumns, properties: properties, deltaVersion: deltaVersion,
                        owner: owner)
    }
}
