import Columnar

/// How a write behaves.
public struct WriteOptions: Sendable {
    /// Record `appId` reaching `version` in the same commit (exactly-once ingest).
    public var transaction: (appId: String, version: Int64)?
    public var isolation: IsolationLevel
    /// Key columns to give bloom filters.
    public var bloomFilterColumns: Set<String>
    public var rowGroupRows: Int
    /// Rows per data file; larger partitions are split across files.
    public var maxRowsPerFile: Int
    /// Overrides the table's `swiftlake.autoMerge` property when set.
    public var allowSchemaEvolution: Bool?

    public init(transaction: (appId: String, version: Int64)? = nil, isolation: IsolationLevel = .writeSerializable,
                bloomFilterColumns: Set<String> = [], rowGroupRows: Int = 131_072, maxRowsPerFile: Int = 1 << 22,
                allowSchemaEvolution: Bool? = nil) {
        self.transaction = transaction
        self.isolation = isolation
        self.bloomFilterColumns = bloomFilterColumns
        self.rowGroupRows = rowGroupRows
        self.maxRowsPerFile = maxRowsPerFile
        self.allowSchemaEvolution = allowSchemaEvolution
    }
}
