/// One column's statistics and bloom filters for every row group of a file, for probing many keys (e.g. the
/// `_id`s of an upsert batch) without touching data pages.
public struct KeyFilter: Sendable {
    /// A row group's bloom filter, in the layout and hash of the format that wrote it.
    public enum Bloom: Sendable {
        /// SwiftLake's native bloom filter.
        case native(BloomFilter)
        /// Parquet's split-block bloom filter (XXH64 of the value's PLAIN encoding).
        case parquet(SplitBlockBloomFilter)

        /// False when no row of the group holds `value`.
        public func mightContain(_ value: Value) -> Bool {
            switch self {
            case let .native(f): return f.mightContain(value)
            case let .parquet(f): return f.mightContain(value)
            }
        }
    }

    public let column: String
    public let type: DataType
    let groups: [(ColumnStatistics, Bloom?)]

    init(column: String, type: DataType, groups: [(ColumnStatistics, Bloom?)]) {
        self.column = column
        self.type = type
        self.groups = groups
    }

    /// A filter over native-format row groups.
    init(column: String, type: DataType, groups: [(ColumnStatistics, BloomFilter?)]) {
        self.init(column: column, type: type, groups: groups.map { ($0.0, $0.1.map(Bloom.native)) })
    }

    /// Whether some row group has a bloom filter (else only statistics prune).
    public var hasBloomFilters: Bool { groups.contains { $0.1 != nil } }

    /// False when no row group can hold a row with the column equal to `value`.
    public func mightContain(_ value: Value) -> Bool {
        guard value.fits(type), !value.isNull else { return false }
        for (stats, bloom) in groups where Self.groupMightContain(stats, bloom, value) { return true }
        return false
    }

    /// The row groups (indices) that may hold `value`.
    public func rowGroupsThatMightContain(_ value: Value) -> [Int] {
        guard value.fits(type), !value.isNull else { return [] }
        var out: [Int] = []
        for (g, (stats, bloom)) in groups.enumerated() where Self.groupMightContain(stats, bloom, value) {
            out.append(g)
        }
        return out
    }

    /// `StatisticsPruner`'s answer for `column == value` (can it be true?), without building a predicate and
    /// closures per probe: a MERGE probes every key against every row group.
    private static func groupMightContain(_ stats: ColumnStatistics, _ bloom: Bloom?, _ value: Value) -> Bool {
        if case let .float32(x) = value, x.isNaN { return false }
        if case let .float64(x) = value, x.isNaN { return false }
        if stats.valueCount == stats.nullCount { return false }
        if let lo = stats.min, let hi = stats.max, let a = Value.compare(lo, value), let b = Value.compare(hi, value), a > 0 || b < 0 {
            return false
        }
        return bloom?.mightContain(value) ?? true
    }
}
