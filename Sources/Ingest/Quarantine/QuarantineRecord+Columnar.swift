import Columnar

extension QuarantineRecord {
    /// The fixed columns of the quarantine table (the order of `row`).
    public static let columns: [(name: String, type: FieldType)] = [
        ("topic", .string), ("partition", .int64), ("offset", .int64), ("key", .string), ("raw_value", .string),
        ("error_kind", .string), ("error", .string), ("time", .timestamp),
    ]

    /// Quarantine records as one column batch of the fixed quarantine schema.
    public static func recordBatch(_ records: [QuarantineRecord]) throws(ColumnarError) -> RecordBatch {
        try FlatRecord.recordBatch(records.map(\.row), columns: columns)
    }
}
