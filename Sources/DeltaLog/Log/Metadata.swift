/// The `metaData` action: the table's identity, schema (as Delta's JSON schema text), partition columns and
/// configuration. A later `metaData` replaces the earlier one entirely.
public struct Metadata: Sendable, Hashable {
    public var id: String
    public var name: String?
    public var description: String?
    public var formatProvider: String
    public var formatOptions: [String: String]
    public var schemaString: String
    public var partitionColumns: [String]
    public var configuration: [String: String]
    /// Milliseconds since the Unix epoch.
    public var createdTime: Int64?

    public init(id: String, name: String? = nil, description: String? = nil, formatProvider: String = "parquet",
                formatOptions: [String: String] = [:], schemaString: String, partitionColumns: [String],
                configuration: [String: String], createdTime: Int64?) {
        self.id = id
        self.name = name
        self.description = description
        self.formatProvider = formatProvider
        self.formatOptions = formatOptions
        self.schemaString = schemaString
        self.partitionColumns = partitionColumns
        self.configuration = configuration
        self.createdTime = createdTime
    }

    init(json: JSONValue) throws(ActionFieldError) {
        let f = try ActionFields("metaData", json)
        id = try f.string("id")
        name = try f.optionalString("name")
        description = try f.optionalString("description")
        if let format = f.present("format") {
            let ff = try ActionFields("metaData.format", format)
            formatProvider = try ff.optionalString("provider") ?? "parquet"
            formatOptions = try ff.stringMap("options") ?? [:]
        } else {
            formatProvider = "parquet"
            formatOptions = [:]
        }
        schemaString = try f.string("schemaString")
        partitionColumns = try f.stringArray("partitionColumns") ?? []
        configuration = try f.stringMap("configuration") ?? [:]
        createdTime = try f.optionalInt("createdTime")
    }

    var json: JSONValue {
        .members([
            ("id", .string(id)),
            ("name", name.map(JSONValue.string)),
            ("description", description.map(JSONValue.string)),
            ("format", .object([("provider", .string(formatProvider)), ("options", .map(formatOptions))])),
            ("schemaString", .string(schemaString)),
            ("partitionColumns", .array(partitionColumns.map(JSONValue.string))),
            ("configuration", .map(configuration)),
            ("createdTime", createdTime.map(JSONValue.int)),
        ])
    }
}
