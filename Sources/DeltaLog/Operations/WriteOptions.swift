import Columnar

/// How a write behaves.
public struct WriteOptions: Sendable {
    /// Record each `appId` reaching its `version` in the same commit as the data (exactly-once ingest: one per
    /// Kafka topic-partition, so one commit covers a whole batch). A repeated `appId` keeps its last version.
    public var transactions: [(appId: String, version: Int64)]
    public var isolation: IsolationLevel
    /// Key columns to give bloom filters.
    public var bloomFilterColumns: Set<String>
    public var rowGroupRows: Int
    /// Rows per data file; larger partitions are split across files.
    public var maxRowsPerFile: Int
    /// Overrides the table's `swiftlake.autoMerge` property when set.
    public var allowSchemaEvolution: Bool?

    /// `transaction` and `transactions` together name the `txn` actions of the commit (`transaction` first).
    public init(transaction: (appId: String, version: Int64)? = nil, transactions: [(appId: String, version: Int64)] = [],
                isolation: IsolationLevel = .writeSerializable,
                bloomFilterColumns: Set<String> = [], rowGroupRows: Int = 131_072, maxRowsPerFile: Int = 1 << 22,
                allowSchemaEvolution: Bool? = nil) {
        self.transactions = (transaction.map { [$0] } ?? []) + transactions
        self.isolation = isolation
        self.bloomFilterColumns = bloomFilterColumns
        self.rowGroupRows = rowGroupRows
        self.maxRowsPerFile = maxRowsPerFile
        self.allowSchemaEvolution = allowSchemaEvolution
    }

    /// The single-application form of `transactions`: the first one; setting it replaces them all.
    public var transaction: (appId: String, version: Int64)? {
        get { transactions.first }
        set { transactions = newValue.map { [$0] } ?? [] }
    }
}
