import Columnar

/// What a snapshot's file statistics say about one column, over all live files.
public struct ColumnSummary: Sendable, Hashable {
    public let name: String
    public let type: DataType
    public let isPartitionColumn: Bool
    /// Nulls in the data files (deletion vectors not subtracted); nil when a file has no statistics for it.
    public let nullCount: Int64?
    /// The smallest and largest value; nil when unknown (a file without bounds, or no values at all).
    public let min: Value?
    public let max: Value?
}

extension Snapshot {
    /// Per column, in schema order: null count, minimum and maximum from the files' statistics (partition
    /// columns from the partition values). Bounds are those of the files, so rows hidden by deletion
    /// vectors may still be counted.
    public func columnSummaries() -> [ColumnSummary] {
        let partitions = PartitionFilter(schema: schema, partitionColumns: partitionColumns)
        let live = files
        let stats = live.map { FileStatistics(json: $0.stats) }
        let typedPartitions = live.map { try? partitions.values($0.partitionValues) }
        return schema.columns.map { c in
            var nulls: Int64? = 0
            var lo: Value?, hi: Value?
            var bounded = true
            let isPartition = partitionColumns.contains(c.name)
            for i in live.indices {
                if isPartition {
                    guard let v = typedPartitions[i]?[c.name] else { nulls = nil; bounded = false; continue }
                    let rows = stats[i]?.numRecords
                    if v.isNull {
                        nulls = rows.flatMap { r in nulls.map { $0 + r } }
                        continue
                    }
                    lo = Self.lesser(lo, v)
                    hi = Self.greater(hi, v)
                    continue
                }
                guard let s = stats[i]?.columnStatistics(physicalName: c.physicalName, type: c.type) else {
                    nulls = nil
                    bounded = false
                    continue
                }
                nulls = nulls.map { $0 + Int64(s.nullCount) }
                if s.valueCount > s.nullCount {
                    guard let a = s.min, let b = s.max else { bounded = false; continue }
                    lo = Self.lesser(lo, a)
                    hi = Self.greater(hi, b)
                }
            }
            return ColumnSummary(name: c.name, type: c.type, isPartitionColumn: isPartition, nullCount: nulls,
                                 min: bounded ? lo : nil, max: bounded ? hi : nil)
        }
    }

    private static func lesser(_ a: Value?, _ b: Value) -> Value {
        guard let a else { return b }
        return (Value.compare(b, a) ?? 0) < 0 ? b : a
    }

    private static func greater(_ a: Value?, _ b: Value) -> Value {
        guard let a else { return b }
        return (Value.compare(b, a) ?? 0) > 0 ? b : a
    }
}
