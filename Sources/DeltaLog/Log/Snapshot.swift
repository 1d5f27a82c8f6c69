/// A table at one version: its protocol, metadata, schema, live files and application transaction versions.
/// Immutable; obtained from ``DeltaTable``.
public struct Snapshot: Sendable {
    let state: TableState
    /// When the snapshot's version was committed (ms since the epoch).
    public let timestamp: Int64
    public let protocolAction: ProtocolAction
    public let metadata: Metadata
    /// The logical schema, with each field's stable id (column mapping).
    public let schema: TableSchema

    /// The snapshot of `state`. `base`, an earlier snapshot of the table, lends its parsed schema when the metadata
    /// did not change: a stream of commits derives a snapshot per commit, and the schema rarely changes.
    init(state: TableState, timestamp: Int64, base: Snapshot? = nil) throws(DeltaLogError) {
        guard let p = state.protocolAction, let m = state.metadata else { throw .missingMetadataOrProtocol(version: state.version) }
        let unsupported = p.unsupportedReaderFeatures
        guard unsupported.isEmpty else { throw .unsupportedReaderFeatures(unsupported) }
        self.state = state
        self.timestamp = timestamp
        protocolAction = p
        metadata = m
        if let base, base.metadata == m { schema = base.schema } else { schema = try TableSchema(metadata: m) }
    }

    /// `files`, sorted once on first use: a MERGE reads them several times, a stream of them once per batch.
    private let sortedFiles = SortedFiles()

    public var version: Int64 { state.version }
    /// The live logical files, sorted by path.
    public var files: [AddFile] { sortedFiles.get { state.files.values.sorted(by: Self.precedes) } }

    /// The order of ``files``: by path; the deletion vector's id (built as a string) only breaks ties between two
    /// entries of one path.
    static func precedes(_ a: AddFile, _ b: AddFile) -> Bool {
        a.path != b.path ? a.path < b.path : (a.deletionVector?.uniqueId ?? "") < (b.deletionVector?.uniqueId ?? "")
    }

    public var fileCount: Int { state.files.count }
    /// Removed files not yet vacuumed.
    public var tombstones: [RemoveFile] { state.tombstones.values.sorted { $0.path < $1.path } }
    public var partitionColumns: [String] { metadata.partitionColumns }
    public var configuration: [String: String] { metadata.configuration }
    /// Commits between automatic checkpoints: `delta.checkpointInterval`, default 10.
    public var checkpointInterval: Int64 { configuration["delta.checkpointInterval"].flatMap { Int64($0) }.map { max($0, 1) } ?? 10 }

    /// The live file with this path (any deletion vector), if any.
    public func file(path: String) -> AddFile? { state.files.values.first { $0.path == path } }

    /// The last version the application `appId` recorded with a `txn` action, or nil.
    public func transactionVersion(appId: String) -> Int64? { state.transactions[appId]?.version }
    public var transactions: [SetTransaction] { state.transactions.values.sorted { $0.appId < $1.appId } }

    /// Total rows in live files according to their statistics (nil when a file lacks `numRecords`),
    /// minus rows marked deleted by deletion vectors.
    public var statisticsRowCount: Int64? {
        var n: Int64 = 0
        for f in state.files.values {
            guard let s = FileStatistics(json: f.stats), let r = s.numRecords else { return nil }
            n += r - (f.deletionVector?.cardinality ?? 0)
        }
        return n
    }
}
