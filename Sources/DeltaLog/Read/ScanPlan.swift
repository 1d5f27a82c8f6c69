import Columnar

/// The file-level part of a scan: which files survive partition and statistics pruning, and how the filter
/// splits into conjuncts on partition columns (decided per file), on data columns (pushed into the data
/// file reader) and mixed ones (evaluated on rows).
struct ScanPlan: Sendable {
    let files: [AddFile]
    let outputSchema: Schema
    let dataConjuncts: [Predicate]
    let mixedConjuncts: [Predicate]

    init(snapshot: Snapshot, columns: [String], filter: Predicate?) throws(DeltaLogError) {
        try self.init(snapshot: snapshot, columns: columns, filter: filter, files: snapshot.files)
    }

    /// The plan over `candidates` (files of `snapshot`, in the order they are to be read) instead of all its files:
    /// operations that chose their files need not walk the whole table for each scan.
    init(snapshot: Snapshot, columns: [String], filter: Predicate?, files candidates: [AddFile]) throws(DeltaLogError) {
        let schema = snapshot.schema
        let partitionColumns = Set(snapshot.partitionColumns)
        let logical = try schema.logicalSchema()
        var indices: [Int] = []
        for c in columns {
            guard let i = logical.index(of: c) else { throw .unknownColumn(c) }
            indices.append(i)
        }
        do { outputSchema = try logical.project(indices) } catch { throw .columnar(error) }

        var partitionConjuncts: [Predicate] = [], data: [Predicate] = [], mixed: [Predicate] = []
        for c in filter.map(PredicateParts.conjuncts) ?? [] {
            let cols = Set(c.columns)
            if cols.isSubset(of: partitionColumns) {
                partitionConjuncts.append(c)
            } else if cols.isDisjoint(with: partitionColumns) {
                data.append(c)
            } else {
                mixed.append(c)
            }
        }
        dataConjuncts = data
        mixedConjuncts = mixed

        let partitions = PartitionFilter(schema: schema, partitionColumns: snapshot.partitionColumns)
        let physical = Dictionary(schema.columns.map { ($0.name, ($0.physicalName, $0.type)) }, uniquingKeysWith: { a, _ in a })
        files = partitionConjuncts.isEmpty && data.isEmpty ? candidates : candidates.filter { f in
            // A partition conjunct is the same for every row of a file: unknown (null) or false drops the file.
            for c in partitionConjuncts where partitions.evaluate(c, f.partitionValues) != true { return false }
            guard !data.isEmpty, let stats = FileStatistics(json: f.stats) else { return true }
            return data.allSatisfy { c in
                PredicateParts.mightMatch(c) { name in
                    physical[name].flatMap { stats.columnStatistics(physicalName: $0.0, type: $0.1) }
                }
            }
        }
    }
}
