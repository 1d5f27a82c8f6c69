/// The `remove` action: a logical file leaves the table. It stays as a tombstone until vacuum.
public struct RemoveFile: Sendable, Hashable {
    public var path: String
    /// Milliseconds since the Unix epoch.
    public var deletionTimestamp: Int64?
    public var dataChange: Bool
    public var extendedFileMetadata: Bool?
    public var partitionValues: [String: String?]?
    public var size: Int64?
    public var stats: String?
    public var tags: [String: String]?
    public var deletionVector: DeletionVectorDescriptor?
    public var baseRowId: Int64?
    public var defaultRowCommitVersion: Int64?

    public init(path: String, deletionTimestamp: Int64?, dataChange: Bool = true, extendedFileMetadata: Bool? = nil,
                partitionValues: [String: String?]? = nil, size: Int64? = nil, stats: String? = nil,
                tags: [String: String]? = nil, deletionVector: DeletionVectorDescriptor? = nil,
                baseRowId: Int64? = nil, defaultRowCommitVersion: Int64? = nil) {
        self.path = path
        self.deletionTimestamp = deletionTimestamp
        self.dataChange = dataChange
        self.extendedFileMetadata = extendedFileMetadata
        self.partitionValues = partitionValues
        self.size = size
        self.stats = stats
        self.tags = tags
        self.deletionVector = deletionVector
        self.baseRowId = baseRowId
        self.defaultRowCommitVersion = defaultRowCommitVersion
    }

    public var key: FileKey { FileKey(path: path, deletionVectorId: deletionVector?.uniqueId) }

    init(json: JSONValue) throws(ActionFieldError) {
        let f = try ActionFields("remove", json)
        path = try PathCoding.decode(try f.string("path"))
        deletionTimestamp = try f.optionalInt("deletionTimestamp")
        dataChange = try f.bool("dataChange", default: true)
        extendedFileMetadata = try f.optionalBool("extendedFileMetadata")
        partitionValues = try f.optionalStringMap("partitionValues")
        size = try f.optionalInt("size")
        stats = try f.optionalString("stats")
        tags = try f.stringMap("tags")
        deletionVector = try f.present("deletionVector").map { v throws(ActionFieldError) in try DeletionVectorDescriptor(json: v) }
        baseRowId = try f.optionalInt("baseRowId")
        defaultRowCommitVersion = try f.optionalInt("defaultRowCommitVersion")
    }

    var json: JSONValue {
        .members([
            ("path", .string(PathCoding.encode(path))),
            ("deletionTimestamp", deletionTimestamp.map(JSONValue.int)),
            ("dataChange", .bool(dataChange)),
            ("extendedFileMetadata", extendedFileMetadata.map(JSONValue.bool)),
            ("partitionValues", partitionValues.map(JSONValue.optionalMap)),
            ("size", size.map(JSONValue.int)),
            ("stats", stats.map(JSONValue.string)),
            ("tags", tags.map(JSONValue.map)),
            ("deletionVector", deletionVector?.json),
            ("baseRowId", baseRowId.map(JSONValue.int)),
            ("defaultRowCommitVersion", defaultRowCommitVersion.map(JSONValue.int)),
        ])
    }
}
