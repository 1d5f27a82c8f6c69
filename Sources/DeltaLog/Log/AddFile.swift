/// The `add` action: one logical file of the table — a data file plus an optional deletion vector.
/// `path` is held decoded (a relative storage path, or an absolute URI); it is URI-encoded in the log.
public struct AddFile: Sendable, Hashable {
    public var path: String
    /// Partition column (logical name) → serialized value, nil for the null partition.
    public var partitionValues: [String: String?]
    public var size: Int64
    /// Milliseconds since the Unix epoch.
    public var modificationTime: Int64
    public var dataChange: Bool
    /// Statistics as Delta's JSON text (`numRecords`, `minValues`, `maxValues`, `nullCount`).
    public var stats: String?
    public var tags: [String: String]?
    public var deletionVector: DeletionVectorDescriptor?
    public var baseRowId: Int64?
    public var defaultRowCommitVersion: Int64?

    public init(path: String, partitionValues: [String: String?], size: Int64, modificationTime: Int64,
                dataChange: Bool = true, stats: String? = nil, tags: [String: String]? = nil,
                deletionVector: DeletionVectorDescriptor? = nil, baseRowId: Int64? = nil, defaultRowCommitVersion: Int64? = nil) {
        self.path = path
        self.partitionValues = partitionValues
        self.size = size
        self.modificationTime = modificationTime
        self.dataChange = dataChange
        self.stats = stats
        self.tags = tags
        self.deletionVector = deletionVector
        self.baseRowId = baseRowId
        self.defaultRowCommitVersion = defaultRowCommitVersion
    }

    /// The key of this logical file in a snapshot: path plus deletion-vector id.
    public var key: FileKey { FileKey(path: path, deletionVectorId: deletionVector?.uniqueId) }

    /// A `remove` of this logical file at `timestamp` (ms), carrying its metadata.
    public func removal(at timestamp: Int64, dataChange: Bool = true) -> RemoveFile {
        RemoveFile(path: path, deletionTimestamp: timestamp, dataChange: dataChange, extendedFileMetadata: true,
                   partitionValues: partitionValues, size: size, stats: stats, tags: tags, deletionVector: deletionVector,
                   baseRowId: baseRowId, defaultRowCommitVersion: defaultRowCommitVersion)
    }

    init(json: JSONValue) throws(ActionFieldError) {
        let f = try ActionFields("add", json)
        path = try PathCoding.decode(try f.string("path"))
        partitionValues = try f.optionalStringMap("partitionValues") ?? [:]
        size = try f.int("size")
        modificationTime = try f.optionalInt("modificationTime") ?? 0
        dataChange = try f.bool("dataChange", default: true)
        stats = try f.optionalString("stats")
        tags = try f.stringMap("tags")
        deletionVector = try f.present("deletionVector").map { v throws(ActionFieldError) in try DeletionVectorDescriptor(json: v) }
        baseRowId = try f.optionalInt("baseRowId")
        defaultRowCommitVersion = try f.optionalInt("defaultRowCommitVersion")
        guard size >= 0 else { throw ActionFieldError(detail: "add.size is negative") }
    }

    var json: JSONValue {
        .members([
            ("path", .string(PathCoding.encode(path))),
            ("partitionValues", .optionalMap(partitionValues)),
            ("size", .int(size)),
            ("modificationTime", .int(modificationTime)),
            ("dataChange", .bool(dataChange)),
            ("stats", stats.map(JSONValue.string)),
            ("tags", tags.map(JSONValue.map)),
            ("deletionVector", deletionVector?.json),
            ("baseRowId", baseRowId.map(JSONValue.int)),
            ("defaultRowCommitVersion", defaultRowCommitVersion.map(JSONValue.int)),
        ])
    }
}

/// The identity of a logical file: its data file path and its deletion vector's unique id (nil: none).
public struct FileKey: Sendable, Hashable {
    public var path: String
    public var deletionVectorId: String?

    public init(path: String, deletionVectorId: String?) {
        self.path = path
        self.deletionVectorId = deletionVectorId
    }
}
