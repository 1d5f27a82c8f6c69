import Columnar

/// Delta's Parquet checkpoint: one row per action, one nullable struct column per action kind (`add`,
/// `remove`, `metaData`, `protocol`, `txn`, plus `domainMetadata` and `sidecar`, always null here), laid out
/// as the protocol's checkpoint schema: `partitionValues`, `tags` and `configuration` are string maps, `stats`
/// is JSON text, `deletionVector` a struct.
///
/// Reading goes through Columnar's Parquet reader, which renders each nested column as JSON text; each row's
/// non-null action column is then parsed by the same code as a commit line, so a checkpoint and a commit can
/// never disagree on what an action means. Columns SwiftLake does not know (`stats_parsed`,
/// `partitionValues_parsed`, `clusteringProvider`, ...) are ignored like unknown JSON fields.
enum ParquetCheckpoint {
    /// Metadata key with the commit time of the checkpointed version (a SwiftLake addition; others' files lack it).
    static let timestampKey = "swiftlake.checkpoint.timestamp"

    /// What a checkpoint file holds: its actions, and for a V2 checkpoint the sidecar files with the rest.
    struct Contents {
        var actions: [Action] = []
        var sidecars: [String] = []
        var timestamp: Int64?
    }

    private static let stringMap = ParquetNestedField.map("tags")

    private static func deletionVector() -> ParquetNestedField {
        .group("deletionVector", [
            .primitive("storageType", .string, nullable: false), .primitive("pathOrInlineDv", .string, nullable: false),
            .primitive("offset", .int32), .primitive("sizeInBytes", .int32, nullable: false),
            .primitive("cardinality", .int64, nullable: false),
        ])
    }

    private static func partitionValues(nullable: Bool) -> ParquetNestedField {
        .map("partitionValues", nullable: nullable)
    }

    static let fields: [ParquetNestedField] = {
        let requiredValueMap = { (name: String) in
            ParquetNestedField(name, .map(key: .string, value: .primitive("value", .string, nullable: false)), nullable: false)
        }
        let stringList = { (name: String, nullable: Bool) in
            ParquetNestedField(name, .list(element: .primitive("element", .string, nullable: false)), nullable: nullable)
        }
        return [
            .group("add", [
                .primitive("path", .string, nullable: false), partitionValues(nullable: false),
                .primitive("size", .int64, nullable: false), .primitive("modificationTime", .int64, nullable: false),
                .primitive("dataChange", .boolean, nullable: false), .primitive("stats", .string), stringMap, deletionVector(),
                .primitive("baseRowId", .int64), .primitive("defaultRowCommitVersion", .int64),
            ]),
            .group("remove", [
                .primitive("path", .string, nullable: false), .primitive("deletionTimestamp", .int64),
                .primitive("dataChange", .boolean, nullable: false), .primitive("extendedFileMetadata", .boolean),
                partitionValues(nullable: true), .primitive("size", .int64), .primitive("stats", .string), stringMap,
                deletionVector(), .primitive("baseRowId", .int64), .primitive("defaultRowCommitVersion", .int64),
            ]),
            .group("metaData", [
                .primitive("id", .string, nullable: false), .primitive("name", .string), .primitive("description", .string),
                .group("format", [.primitive("provider", .string, nullable: false), requiredValueMap("options")], nullable: false),
                .primitive("schemaString", .string, nullable: false), stringList("partitionColumns", false),
                .primitive("createdTime", .int64), requiredValueMap("configuration"),
            ]),
            .group("protocol", [
                .primitive("minReaderVersion", .int32, nullable: false), .primitive("minWriterVersion", .int32, nullable: false),
                stringList("readerFeatures", true), stringList("writerFeatures", true),
            ]),
            .group("txn", [
                .primitive("appId", .string, nullable: false), .primitive("version", .int64, nullable: false),
                .primitive("lastUpdated", .int64),
            ]),
            .group("domainMetadata", [
                .primitive("domain", .string, nullable: false), .primitive("configuration", .string, nullable: false),
                .primitive("removed", .boolean, nullable: false),
            ]),
            .group("sidecar", [
                .primitive("path", .string, nullable: false), .primitive("sizeInBytes", .int64, nullable: false),
                .primitive("modificationTime", .int64, nullable: false), stringMap,
            ]),
        ]
    }()

    // MARK: writing

    static func encode(_ actions: [Action], timestamp: Int64) throws(DeltaLogError) -> [UInt8] {
        var options = ParquetWriteOptions()
        options.metadata = [timestampKey: String(timestamp)]
        options.rowGroupRows = 65_536
        do {
            var writer = try ParquetNestedWriter(fields: fields, options: options)
            for a in actions { try writer.append(row: row(a)) }
            return try writer.finish()
        } catch { throw .columnar(error.columnarError) }
    }

    /// One checkpoint row: the action's struct in its column, null in the others.
    static func row(_ a: Action) -> [ParquetNestedValue] {
        var row = [ParquetNestedValue](repeating: .null, count: fields.count)
        switch a {
        case let .add(f): row[0] = add(f)
        case let .remove(r): row[1] = remove(r)
        case let .metaData(m): row[2] = metadata(m)
        case let .protocol(p): row[3] = protocolValue(p)
        case let .txn(t): row[4] = .group([.string(t.appId), .int64(t.version), .int64(t.lastUpdated)])
        case .commitInfo: break
        }
        return row
    }

    private static func map(_ m: [String: String]?) -> ParquetNestedValue {
        guard let m else { return .null }
        return .map(m.keys.sorted().map { ParquetNestedEntry(.string($0), .string(m[$0] ?? nil)) })
    }

    private static func partitionMap(_ m: [String: String?]?) -> ParquetNestedValue {
        guard let m else { return .null }
        return .map(m.keys.sorted().map { k in ParquetNestedEntry(.string(k), .string(m[k] ?? nil)) })
    }

    private static func deletionVector(_ d: DeletionVectorDescriptor?) -> ParquetNestedValue {
        guard let d else { return .null }
        return .group([.string(d.storageType), .string(d.pathOrInlineDv), .int32(d.offset), .int32(d.sizeInBytes),
                       .int64(d.cardinality)])
    }

    private static func add(_ f: AddFile) -> ParquetNestedValue {
        .group([
            .string(PathCoding.encode(f.path)), partitionMap(f.partitionValues), .int64(f.size), .int64(f.modificationTime),
            .boolean(f.dataChange), .string(f.stats), map(f.tags), deletionVector(f.deletionVector), .int64(f.baseRowId),
            .int64(f.defaultRowCommitVersion),
        ])
    }

    private static func remove(_ r: RemoveFile) -> ParquetNestedValue {
        .group([
            .string(PathCoding.encode(r.path)), .int64(r.deletionTimestamp), .boolean(r.dataChange),
            .boolean(r.extendedFileMetadata), partitionMap(r.partitionValues), .int64(r.size), .string(r.stats), map(r.tags),
            deletionVector(r.deletionVector), .int64(r.baseRowId), .int64(r.defaultRowCommitVersion),
        ])
    }

    private static func metadata(_ m: Metadata) -> ParquetNestedValue {
        .group([
            .string(m.id), .string(m.name), .string(m.description),
            .group([.string(m.formatProvider), map(m.formatOptions)]), .string(m.schemaString),
            .list(m.partitionColumns.map { .string($0) }), .int64(m.createdTime), map(m.configuration),
        ])
    }

    private static func protocolValue(_ p: ProtocolAction) -> ParquetNestedValue {
        func list(_ l: [String]?) -> ParquetNestedValue { l.map { .list($0.map { .string($0) }) } ?? .null }
        return .group([.int32(Int32(clamping: p.minReaderVersion)), .int32(Int32(clamping: p.minWriterVersion)),
                       list(p.readerFeatures), list(p.writerFeatures)])
    }

    // MARK: reading

    /// The action columns a reader looks at, with the action name each holds.
    private static let actionColumns = ["add", "remove", "metaData", "protocol", "txn"]

    static func decode(_ bytes: [UInt8], version: Int64, path: String) throws(DeltaLogError) -> Contents {
        let reader: ParquetFileReader
        let rows: RecordBatch
        let wanted: [String]
        do {
            reader = try ParquetFileReader(source: InMemorySource(bytes), label: path)
            wanted = (actionColumns + ["sidecar"]).filter { reader.schema.index(of: $0) != nil }
            rows = try reader.read(columns: wanted)
        } catch { throw .corruptCheckpoint(version: version, detail: "\(path): \(error)") }
        var out = Contents()
        out.timestamp = reader.metadata.keyValueMetadata.first { $0.key == timestampKey }?.value.flatMap { Int64($0) }
        out.actions.reserveCapacity(rows.rowCount)
        for name in wanted {
            guard case let .json(column)? = rows.column(named: name) else {
                throw .corruptCheckpoint(version: version, detail: "\(path): column \(name) is not a struct")
            }
            for i in 0..<column.count where !column.isNull(i) {
                let parsed: Result<JSONValue, JSONError> = column.withBytes(at: i) { buf in
                    do throws(JSONError) { return .success(try JSONParser.parse(buf)) } catch { return .failure(error) }
                }
                let value: JSONValue
                do { value = try parsed.get() } catch {
                    throw .corruptCheckpoint(version: version, detail: "\(path) row \(i) \(name): \(error)")
                }
                guard !value.isNull else { continue }
                if name == "sidecar" {
                    guard let p = value["path"]?.stringValue else {
                        throw .corruptCheckpoint(version: version, detail: "\(path) row \(i): sidecar without a path")
                    }
                    out.sidecars.append(p)
                    continue
                }
                do {
                    if let a = try Action.parse(line: .object([(name, value)])) { out.actions.append(a) }
                } catch {
                    throw .corruptCheckpoint(version: version, detail: "\(path) row \(i): \(error.detail)")
                }
            }
        }
        return out
    }
}
