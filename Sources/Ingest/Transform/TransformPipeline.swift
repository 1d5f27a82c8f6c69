/// Turns fetched documents into typed flat records, in the order of issue 9: form `type`, location enrichment,
/// `month`, flatten (`__`, lists as JSON), registered Swift transforms, declarative transforms.
///
/// One pipeline lives as long as the ingest loop: it owns the location cache. A failure of one document is
/// returned for quarantine; only a failing directory lookup (the database is down) fails the whole call.
public struct TransformPipeline: Sendable {
    public var flattener = Flattener()
    /// Columns the location enrichment always sets (null when unknown): the partition columns besides `month`.
    public var ensuredLocationColumns = ["supervisor_id"]
    public private(set) var registered: [RegisteredTransform] = []
    public var declarative: [DeclarativeTransform]
    public var locationCache: LocationCache

    public init(declarative: [DeclarativeTransform] = [], locationCacheSeconds: Int = 300) {
        self.declarative = declarative
        locationCache = LocationCache(userTTLSeconds: locationCacheSeconds)
    }

    /// A pipeline configured from the service configuration.
    public init(config: IngestConfig) {
        self.init(declarative: config.transforms, locationCacheSeconds: config.locationCacheSeconds)
        ensuredLocationColumns = Array(Set(ChangeTopic.allCases.flatMap(config.partitionColumns(for:)))
            .subtracting(["month"])).sorted()
    }

    /// Registers a Swift transform; transforms run in registration order.
    public mutating func register(_ transform: RegisteredTransform) {
        registered.append(transform)
    }

    /// Forgets cached locations after location changes.
    public mutating func locationsChanged(_ ids: some Sequence<String>) {
        locationCache.invalidate(locationIDs: ids)
    }

    /// Transforms the documents of one table, in order; one outcome per document.
    public mutating func run(_ documents: [SourceDocument], table: TableIdentity, now: Int64,
                             directory: inout some LocationDirectory) throws(DocumentSourceError) -> [Result<FlatRecord, TransformError>] {
        let users = documents.compactMap { $0.document.objectValue.flatMap(DocumentTransforms.userID) }
        let chains = try locationCache.chains(forUsers: users, now: now, directory: &directory)
        return documents.map { doc in
            Result { () throws(TransformError) in
                try transform(doc, table: table, chain: { chains[$0] ?? [] })
            }
        }
    }

    /// Transforms one document with a known location chain lookup (used by `run`, and directly in tests).
    public func transform(_ source: SourceDocument, table: TableIdentity,
                          chain: (String) -> [LocationNode]) throws(TransformError) -> FlatRecord {
        guard case .object(var doc) = source.document else { throw .notAnObject(found: source.document.typeName) }
        if table.topic == .forms { DocumentTransforms.addFormType(&doc) }
        if table.topic != .locations {
            let nodes = DocumentTransforms.userID(of: doc).map(chain) ?? []
            DocumentTransforms.addLocation(&doc, chain: nodes, ensure: ensuredLocationColumns)
            DocumentTransforms.addMonth(&doc, topic: table.topic)
        }
        var record = try flattener.flatten(doc)
        let context = TransformContext(table: table, documentID: source.id)
        for t in registered where t.topics.isEmpty || t.topics.contains(table.topic) {
            do { try t.body(&record, context) } catch {
                throw .userTransform(name: t.name, message: String(describing: error))
            }
        }
        for d in declarative { try d.apply(to: &record, topic: table.topic) }
        return record
    }
}
