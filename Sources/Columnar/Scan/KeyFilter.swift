/// One column's statistics and bloom filters for every row group of a file, for probing many keys (e.g. the
/// `_id`s of an upsert batch) without touching data pages.
public struct KeyFilter: Sendable {
    public let column: String
    public let type: DataType
    let groups: [(ColumnStatistics, BloomFilter?)]

    /// False when no row group can hold a row with the column equal to `value`.
    public func mightContain(_ value: Value) -> Bool {
        !rowGroupsThatMightContain(value).isEmpty
    }

    /// The row groups (indices) that may hold `value`.
    public func rowGroupsThatMightContain(_ value: Value) -> [Int] {
        guard value.fits(type), !value.isNull else { return [] }
        var out: [Int] = []
        for (g, (stats, bloom)) in groups.enumerated() {
            let pruner = StatisticsPruner(statistics: { _ in stats }, mightContain: { _, v in bloom?.mightContain(v) ?? true })
            if pruner.evaluate(.eq(column, value)).canBeTrue { out.append(g) }
        }
        return out
    }
}
