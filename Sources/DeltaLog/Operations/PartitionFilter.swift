import Columnar

/// Evaluates predicates over a file's partition values, typed by the table schema.
struct PartitionFilter {
    let schema: TableSchema
    let partitionColumns: [String]

    /// Throws unless `predicate` reads only partition columns with literals of their types.
    func validate(_ predicate: Predicate) throws(DeltaLogError) {
        for c in predicate.columns where !partitionColumns.contains(c) {
            throw .invalidArgument("predicate column '\(c)' is not a partition column")
        }
        let logical = try schema.logicalSchema()
        do { try predicate.validate(against: logical) } catch { throw .columnar(error) }
    }

    /// The partition values of a file as typed values.
    func values(_ partitionValues: [String: String?]) throws(DeltaLogError) -> [String: Value] {
        var out: [String: Value] = [:]
        for p in partitionColumns {
            let type = schema.column(named: p)?.type ?? .string
            out[p] = try PartitionPath.parse(partitionValues[schema.partitionKey(p)] ?? nil, as: type, column: p)
        }
        return out
    }

    /// Whether the predicate holds for these partition values: true, false, or nil (unknown, e.g. involves a
    /// null or a column that is not a partition column).
    func evaluate(_ predicate: Predicate, _ partitionValues: [String: String?]) -> Bool? {
        guard let typed = try? values(partitionValues) else { return nil }
        return predicate.evaluate { typed[$0] ?? .null }
    }
}
