import Columnar

/// Finds the live target rows whose keys a ``KeyLookup`` holds, touching as little as it can: files are
/// pruned by partition values (for key columns that are partition columns), then by min/max statistics,
/// then by the key column's row-group statistics and bloom filters; only the surviving files are read, and
/// only their key columns plus whatever columns the caller needs from matched rows.
struct TargetLocator: Sendable {
    let table: DeltaTable
    let snapshot: Snapshot
    let lookup: KeyLookup
    /// Names the table and the key columns (with their ids and types) in `FilePruningCache` keys.
    private let pruningSignature: Int
    /// Per key column: its type in the table (nil when the table lacks it) and, for a partition column, its key
    /// in `partitionValues`. Worked out once: `candidateKeys` runs for every file.
    private let keyColumnInfo: [(type: DataType, partitionKey: String?)?]
    private let keysArePartitionColumns: Bool
    /// The lookup's keys in ascending order of one non-partition key column, when all of them hold values there
    /// that compare with each other: a file's min/max statistics of that column then select a contiguous run of
    /// them by binary search, instead of two comparisons per key for every file of the table.
    private let sortedKeys: (column: Int, order: [Int])?
    /// The key column whose bloom filters `keyFilter` reads: the first that is not a partition column.
    private let filterColumn: Int?

    init(table: DeltaTable, snapshot: Snapshot, lookup: KeyLookup) {
        self.table = table
        self.snapshot = snapshot
        self.lookup = lookup
        let schema = snapshot.schema
        let partitions = Set(snapshot.partitionColumns)
        keyColumnInfo = lookup.keyColumns.map { k in
            schema.column(named: k).map { c in (c.type, partitions.contains(k) ? schema.partitionKey(k) : nil) }
        }
        keysArePartitionColumns = !partitions.isDisjoint(with: lookup.keyColumns)
        sortedKeys = Self.sortedKeys(lookup, info: keyColumnInfo)
        filterColumn = lookup.keyColumns.firstIndex { !partitions.contains($0) }
        pruningSignature = FilePruningCache.shared.number(
            FilePruning.signature(location: table.location, keyColumns: lookup.keyColumns, schema: schema))
    }

    /// One live target row with a key of the lookup.
    struct Match {
        let file: AddFile
        let position: Int64
        /// Index of the key in the lookup.
        let key: Int
        /// Row `row` of `batch` holds the columns the caller asked for.
        let batch: Int
        let row: Int
    }

    struct Result {
        var matches: [Match] = []
        /// The batches holding the requested columns of matched rows (index = `Match.batch`).
        var batches: [RecordBatch] = []
        /// Files that were read.
        var filesRead: [AddFile] = []
    }

    /// The keys (lookup indices) that `file` may hold according to partition values and (when `useStatistics`)
    /// statistics, and, when `useFileFilters`, the key column's row-group statistics and bloom filters inside
    /// the file. What a file's statistics and filters say is parsed once per process (`FilePruningCache`): a
    /// stream of MERGEs probes every file of the table each time.
    func candidateKeys(_ file: AddFile, useStatistics: Bool = true, useFileFilters: Bool) -> [Int] {
        if !useStatistics && !keysArePartitionColumns { return Array(0..<lookup.count) }
        let cache = FilePruningCache.shared
        let cacheKey = FilePruningCache.Key(signature: pruningSignature, path: file.path)
        var pruning: FilePruning?
        var parsed = false
        if useStatistics || useFileFilters {
            if let known = cache.get(cacheKey) { pruning = known } else {
                pruning = FilePruning(file, keyColumns: lookup.keyColumns, schema: snapshot.schema,
                                      partitions: Set(snapshot.partitionColumns))
                parsed = true
            }
        }
        defer { if parsed, let pruning { cache.put(cacheKey, pruning) } }
        if useStatistics, pruning?.holdsNoKey == true { return [] }
        var columnBounds: [(lo: Value?, hi: Value?, partition: Value??)] = []
        for (j, info) in keyColumnInfo.enumerated() {
            guard let info else { columnBounds.append((nil, nil, nil)); continue }
            if let key = info.partitionKey {
                let raw = file.partitionValues[key] ?? nil
                let v = try? PartitionPath.parse(raw, as: info.type, column: lookup.keyColumns[j])
                columnBounds.append((nil, nil, .some(v)))
                continue
            }
            let b = useStatistics ? pruning?.bounds[j] : nil
            columnBounds.append((b?.lo, b?.hi, nil))
        }
        var out: [Int] = []
        for i in statisticsRange(columnBounds) ?? Array(lookup.values.indices) {
            let key = lookup.values[i]
            var possible = true
            for (j, v) in key.enumerated() {
                let b = columnBounds[j]
                if let p = b.partition {
                    if let p, p != v { possible = false; break }
                    continue
                }
                if let lo = b.lo, let c = Value.compare(v, lo), c < 0 { possible = false; break }
                if let hi = b.hi, let c = Value.compare(v, hi), c > 0 { possible = false; break }
            }
            if possible { out.append(i) }
        }
        guard useFileFilters, !out.isEmpty, var entry = pruning else { return out }
        // Opening the file for a filter that cannot rule out a key would be wasted.
        if useStatistics, !entry.needsFilter(column: filterColumn) { return out }
        if !entry.filterLoaded {
            entry.filter = keyFilter(file)
            entry.filterLoaded = true
            pruning = entry
            parsed = true
        }
        guard let filter = entry.filter else { return out }
        return out.filter { filter.filter.mightContain(lookup.values[$0][filter.column]) }
    }

    /// The keys (ascending indices) within a file's min/max of the `sortedKeys` column, found by binary search; nil
    /// when there is no such order or the bounds do not compare with the keys (the caller checks every key then).
    /// The other key columns' bounds are still checked by the caller.
    private func statisticsRange(_ bounds: [(lo: Value?, hi: Value?, partition: Value??)]) -> [Int]? {
        guard let (j, order) = sortedKeys, let first = order.first, bounds.indices.contains(j) else { return nil }
        let b = bounds[j]
        guard b.partition == nil, b.lo != nil || b.hi != nil else { return nil }
        let sample = lookup.values[first][j]
        if let lo = b.lo, Value.compare(sample, lo) == nil { return nil }
        if let hi = b.hi, Value.compare(sample, hi) == nil { return nil }
        func value(_ p: Int) -> Value { lookup.values[order[p]][j] }
        // First position at or above `lo`, first position above `hi`.
        let lower = b.lo.map { lo in Self.partitionPoint(order.count) { (Value.compare(value($0), lo) ?? 0) >= 0 } } ?? 0
        let upper = b.hi.map { hi in Self.partitionPoint(order.count) { (Value.compare(value($0), hi) ?? 0) > 0 } } ?? order.count
        guard lower < upper else { return [] }
        return order[lower..<upper].sorted()
    }

    /// The first index in `0..<count` where `isAbove` holds (it holds for a suffix), or `count`.
    private static func partitionPoint(_ count: Int, _ isAbove: (Int) -> Bool) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if isAbove(mid) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// The keys ordered by the first non-partition key column, when every key's value there compares with the
    /// others (no nulls, no NaN, one type).
    private static func sortedKeys(_ lookup: KeyLookup,
                                   info: [(type: DataType, partitionKey: String?)?]) -> (column: Int, order: [Int])? {
        guard lookup.count > 1,
              let j = info.indices.first(where: { info[$0] != nil && info[$0]?.partitionKey == nil }) else { return nil }
        let first = lookup.values[0][j]
        for key in lookup.values where Value.compare(key[j], first) == nil || Value.compare(key[j], key[j]) != 0 { return nil }
        let order = lookup.values.indices.sorted { a, b in
            let c = Value.compare(lookup.values[a][j], lookup.values[b][j]) ?? 0
            return c != 0 ? c < 0 : a < b
        }
        return (j, order)
    }

    /// The first non-partition key column's statistics and bloom filters inside `file`, when the file stores
    /// it with the table's type.
    private func keyFilter(_ file: AddFile) -> (filter: KeyFilter, column: Int)? {
        let schema = snapshot.schema
        guard let j = filterColumn, let c = schema.column(named: lookup.keyColumns[j]),
              let format = try? DataFormats.format(for: snapshot.protocolAction, metadata: snapshot.metadata),
              let source = try? StorageSource(storage: table.storage, path: file.path, size: Int(file.size)),
              let reader = try? format.open(source),
              let filter = FilePruning.keyFilter(reader, column: c, schema: schema)
        else { return nil }
        return (filter, j)
    }

    /// Reads the candidate files and returns the live rows whose keys the lookup holds, with `columns`
    /// (logical names) of each.
    ///
    /// The first time a file is read for these key columns and `columns`, its rows' keys are only probed against
    /// the lookup (a small hash table that stays in cache), and the file is remembered; the second time, its
    /// keys and those columns are kept as a ``FileKeyIndex`` in a process-wide cache, so later operations probe
    /// the index without reading. One-off DELETEs and MERGEs thus never pay for an index they will not reuse,
    /// while a stream of upserts into one table reads each file at most twice.
    func locate(columns: [String]) throws(DeltaLogError) -> Result {
        var result = Result()
        guard lookup.count > 0 else { return result }
        let schema = snapshot.schema
        func described(_ names: [String]) -> String {
            names.map { n in schema.column(named: n).map { "\($0.name)#\($0.id):\($0.type)" } ?? n }.joined(separator: ",")
        }
        let cache = FileKeyIndexCache.shared
        let signature = cache.number([table.location, described(lookup.keyColumns), described(columns)].joined(separator: "\u{0}"))
        let store = DeletionVectorStore(storage: table.storage, location: table.location)
        let hashes = (0..<lookup.count).map { lookup.hash($0) }
        for f in snapshot.files {
            let cacheKey = FileKeyIndexCache.Key(signature: signature, path: f.path)
            let cached = cache.get(cacheKey)
            // With the index at hand, probing it with every key is cheaper than parsing the file's statistics or
            // opening its bloom filters; partition values still prune (they cost no parsing).
            let keys = candidateKeys(f, useStatistics: cached == nil, useFileFilters: cached == nil)
            if keys.isEmpty { continue }
            result.filesRead.append(f)
            let index: FileKeyIndex
            if let cached { index = cached } else if cache.markRead(cacheKey) {
                index = try FileKeyIndex.build(table: table, snapshot: snapshot, file: f, keyColumns: lookup.keyColumns, columns: columns)
                cache.put(cacheKey, index)
            } else {
                let probed = try probe(f, columns: columns)
                if probed.hits.isEmpty { continue }
                let batch = result.batches.count
                for h in probed.hits {
                    result.matches.append(Match(file: f, position: h.position, key: h.key, batch: batch, row: h.row))
                }
                result.batches.append(probed.columns)
                continue
            }
            var hits: [(key: Int, position: Int64)] = []
            for k in keys {
                for p in lookup.withKey(k, { index.positions($0, hash: hashes[k]) }) { hits.append((k, p)) }
            }
            if hits.isEmpty { continue }
            let deleted = try f.deletionVector.map { d throws(DeltaLogError) in try store.load(d) }
            let batch = result.batches.count
            var any = false
            for (k, p) in hits where deleted?.contains(UInt64(max(p, 0))) != true {
                result.matches.append(Match(file: f, position: p, key: k, batch: batch, row: Int(p)))
                any = true
            }
            if any { result.batches.append(index.columns) }
        }
        return result
    }

    /// Reads `file`'s key columns (its deletion vector applied) and probes each row's key against the lookup,
    /// without copying keys: the live rows with a key of the lookup, and `columns` of those rows (row `row` of
    /// `columns` for each hit).
    private func probe(_ file: AddFile, columns: [String]) throws(DeltaLogError)
        -> (hits: [(key: Int, position: Int64, row: Int)], columns: RecordBatch) {
        var read = lookup.keyColumns
        for c in columns where !read.contains(c) { read.append(c) }
        let scan = try TableScan(table: table, snapshot: snapshot, columns: read, exactly: [file])
        var hits: [(key: Int, position: Int64, row: Int)] = []
        var parts: [RecordBatch] = []
        try scan.forEach { b throws(DeltaLogError) in
            var rows: [Int] = []
            try KeyEncoder(batch: b.batch, keyColumns: lookup.keyColumns).forEachKey(rowCount: b.batch.rowCount) { r, key in
                guard let k = lookup.find(key) else { return }
                hits.append((k, b.rowPositions[r], hits.count))
                rows.append(r)
            }
            if !rows.isEmpty, !columns.isEmpty { parts.append(b.batch.take(rows)) }
        }
        do throws(ColumnarError) {
            let all = parts.isEmpty ? .empty(scan.plan.outputSchema) : try RecordBatch.concatenate(parts, schema: scan.plan.outputSchema)
            return (hits, try all.project(columns))
        } catch {
            throw .columnar(error)
        }
    }
}
