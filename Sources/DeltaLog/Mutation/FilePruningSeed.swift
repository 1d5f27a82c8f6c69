import Columnar

/// Fills ``FilePruningCache`` with the files a ``DataWriter`` writes, from what the writer holds in memory — the
/// columns' statistics and the file's bytes — so that the MERGEs and key probes that follow never parse those files'
/// statistics JSON nor open them for their bloom filters. Every entry equals what ``TargetLocator`` would build
/// from the file's `add` action and the file itself (``FilePruning``), under the same key.
struct FilePruningSeed: Sendable {
    /// The table's ``DeltaTable/location``, as the locators of the table name it.
    let location: String
    /// The key columns of the lookups to seed entries for, each in a lookup's order: a MERGE's keys, and each
    /// bloom filter column alone (the usual `_id`, which key probes and later MERGEs use).
    let lookups: [[String]]

    init(location: String, lookups: [[String]]) {
        self.location = location
        var distinct: [[String]] = []
        for l in lookups where !l.isEmpty && !distinct.contains(l) { distinct.append(l) }
        self.lookups = distinct
    }

    /// The seed of one write: cache keys and column positions worked out once for all its files.
    struct Prepared {
        let cache: FilePruningCache
        let schema: TableSchema
        let partitions: Set<String>
        /// Per lookup: its key columns, cache signature number and the position of the column its key filter covers.
        let lookups: [(keyColumns: [String], signature: Int, filterColumn: Int?)]
        /// Offsets in a written file's statistics by physical column name.
        let statisticsIndex: [String: Int]

        /// Seeds the entries of `file`, written as `written` in `format` (its stored columns named `physicalNames`).
        func seed(_ file: AddFile, _ written: WrittenDataFile, format: any TableDataFormat, storage: any Storage) {
            var reader: (any TableDataReader)??
            for l in lookups {
                var entry = FilePruning(rows: Int64(written.rowCount), keyColumns: l.keyColumns, schema: schema,
                                        partitions: partitions) { c in
                    guard let i = statisticsIndex[c.physicalName], written.statistics.indices.contains(i) else { return nil }
                    return FileStatistics.asLogged(written.statistics[i], rowCount: written.rowCount, type: c.type)
                }
                if entry.needsFilter(column: l.filterColumn) {
                    if let j = l.filterColumn, let c = schema.column(named: l.keyColumns[j]) {
                        if let known = written.keyFilters?[c.physicalName] {
                            entry.filter = (known, j)
                        } else {
                            // Opened from the bytes in memory, once for all lookups, as a locator opens the stored file.
                            if reader == nil {
                                reader = .some(try? format.open(StorageSource(storage: storage, path: file.path, contents: written.bytes)))
                            }
                            entry.filter = (reader ?? nil).flatMap { FilePruning.keyFilter($0, column: c, schema: schema) }.map { ($0, j) }
                        }
                    }
                    entry.filterLoaded = true
                }
                cache.put(FilePruningCache.Key(signature: l.signature, path: file.path), entry)
            }
        }
    }

    /// The seed of a write of `schema` with these partition columns, whose files store `physicalNames`.
    func prepared(schema: TableSchema, partitionColumns: [String], physicalNames: [String],
                  cache: FilePruningCache = .shared) -> Prepared {
        let partitions = Set(partitionColumns)
        let prepared = lookups.map { keys in
            (keyColumns: keys,
             signature: cache.number(FilePruning.signature(location: location, keyColumns: keys, schema: schema)),
             filterColumn: keys.firstIndex { !partitions.contains($0) })
        }
        var index: [String: Int] = [:]
        for (i, n) in physicalNames.enumerated() where index[n] == nil { index[n] = i }
        return Prepared(cache: cache, schema: schema, partitions: partitions, lookups: prepared, statisticsIndex: index)
    }
}
