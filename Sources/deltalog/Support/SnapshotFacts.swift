import DeltaLog

/// Numbers derived from a snapshot's files that several commands print.
struct SnapshotFacts {
    let files: Int
    let bytes: Int64
    /// Live rows (file statistics minus deletion vectors); nil when a file has no row count.
    let rows: Int64?
    let rowsHiddenByDeletionVectors: Int64

    init(_ s: Snapshot) {
        let files = s.files
        self.files = files.count
        bytes = files.reduce(0) { $0 + $1.size }
        rows = s.statisticsRowCount
        rowsHiddenByDeletionVectors = files.reduce(0) { $0 + ($1.deletionVector?.cardinality ?? 0) }
    }

    /// `native` for SwiftLake columnar data files, else the log's format provider (`parquet`).
    static func format(_ s: Snapshot) -> String {
        s.protocolAction.usesColumnarFiles ? "native" : s.metadata.formatProvider
    }

    /// Rows of one file according to its statistics; nil when unknown.
    static func rows(_ f: AddFile) -> Int64? { FileStatistics(json: f.stats)?.numRecords }

    /// A file's partition values by logical column name, in partition order (nil: the null partition).
    static func partitions(_ f: AddFile, _ s: Snapshot) -> [(String, String?)] {
        s.partitionColumns.map { p in (p, f.partitionValues[s.schema.partitionKey(p)] ?? nil) }
    }

    /// `a=1/b=x` (null partition values as `__null__`), or empty for an unpartitioned file.
    static func partitionText(_ f: AddFile, _ s: Snapshot) -> String {
        partitions(f, s).map { "\($0.0)=\($0.1 ?? "__null__")" }.joined(separator: "/")
    }

    static func partitionJSON(_ f: AddFile, _ s: Snapshot) -> Json {
        .members(partitions(f, s).map { ($0.0, $0.1.map(Json.string) ?? .null) })
    }
}
