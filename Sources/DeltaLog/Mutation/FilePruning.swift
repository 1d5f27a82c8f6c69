import Columnar
import Foundation

/// What one data file's statistics and key filter say about its key columns, parsed once: data files never change
/// once written, while a stream of MERGEs asks every file of the table about new keys each time. Parsing a file's
/// statistics JSON (every column's bounds) and opening it for its bloom filters cost far more than the probes.
struct FilePruning: Sendable {
    /// Min and max of each key column (by position in the lookup's key columns); nil for partition columns and
    /// columns without statistics.
    var bounds: [(lo: Value?, hi: Value?)]
    /// A non-partition key column holds only nulls, so no key can match.
    var holdsNoKey: Bool
    /// The first non-partition key column's row-group statistics and bloom filters, and that column's position;
    /// read only when the statistics leave a key possible (`filterLoaded`).
    var filter: (filter: KeyFilter, column: Int)?
    var filterLoaded = false

    /// Rows a cached entry stands for, for the cache's budget (bloom filters take about a byte per row).
    var rows: Int64

    /// What `file`'s statistics JSON says.
    init(_ file: AddFile, keyColumns: [String], schema: TableSchema, partitions: Set<String>) {
        let stats = FileStatistics(json: file.stats)
        self.init(rows: stats?.numRecords ?? 0, keyColumns: keyColumns, schema: schema, partitions: partitions) { c in
            stats?.columnStatistics(physicalName: c.physicalName, type: c.type)
        }
    }

    /// `statistics(column)` gives a key column's statistics in the file, nil when it has none.
    init(rows: Int64, keyColumns: [String], schema: TableSchema, partitions: Set<String>,
         statistics: (TableColumn) -> ColumnStatistics?) {
        self.rows = rows
        bounds = []
        holdsNoKey = false
        for k in keyColumns {
            guard !partitions.contains(k), let c = schema.column(named: k), let s = statistics(c) else {
                bounds.append((nil, nil))
                continue
            }
            if s.valueCount > 0, s.nullCount >= s.valueCount { holdsNoKey = true }
            bounds.append((s.min, s.max))
        }
    }

    /// Whether probing needs the file's key filter: not when the filtered column (at `column`) holds one value, as in
    /// a one-row file — every key the statistics leave is that value, which no bloom filter rules out.
    func needsFilter(column: Int?) -> Bool {
        guard let j = column, bounds.indices.contains(j), let lo = bounds[j].lo, let hi = bounds[j].hi else { return true }
        return Value.compare(lo, hi) != 0
    }

    /// The statistics and bloom filters of table column `c` in the file `reader` opened, when the file stores the
    /// column with the table's type.
    static func keyFilter(_ reader: any TableDataReader, column c: TableColumn, schema: TableSchema) -> KeyFilter? {
        guard let field = reader.schema.fields.first(where: { schema.columnMapping ? $0.id == c.id : $0.name == c.physicalName }),
              field.type == c.type else { return nil }
        return try? reader.keyFilter(column: field.name)
    }

    var memoryFootprint: Int { 256 + bounds.count * 64 + Int(min(max(rows, 0), 1 << 32)) * 2 }

    /// Names a table and a lookup's key columns (with their ids and types) in ``FilePruningCache``: an entry holds
    /// for a file as long as these stay the same.
    static func signature(location: String, keyColumns: [String], schema: TableSchema) -> String {
        ([location] + keyColumns.map { n in
            schema.column(named: n).map { "\($0.physicalName)#\($0.id):\($0.type)" } ?? n
        }).joined(separator: "\u{0}")
    }
}

/// Process-wide, size-bounded cache of ``FilePruning`` by table, key columns and file. A table and key columns
/// (their ``FilePruning/signature(location:keyColumns:schema:)``) get a number once per operation, so a MERGE's
/// probe of every file of the table hashes only the file's path, with no key string built per file. A commit that
/// takes files out of a table drops their entries (``forget(location:paths:)``), so a long-running ingest holds the
/// entries of its tables' live files, not of every file it ever wrote.
final class FilePruningCache: @unchecked Sendable {
    /// About two bytes per row: room for the files of tables of several hundred million rows.
    static let shared = FilePruningCache(budget: 256 << 20)

    typealias Key = SignedPath

    private let lock = NSLock()
    private var entries: [Key: FilePruning] = [:]
    private var signatures = SignatureNumbers()
    /// The signature numbers given out for each table location (a signature starts with the location).
    private var numbersByLocation: [Substring: Set<Int>] = [:]
    private var bytes = 0
    let budget: Int

    init(budget: Int) { self.budget = budget }

    /// The number of `signature` in this cache's keys.
    func number(_ signature: String) -> Int {
        lock.withLock {
            let n = signatures.number(signature)
            numbersByLocation[signature.prefix { $0 != "\u{0}" }, default: []].insert(n)
            return n
        }
    }

    /// Drops the entries of `paths`, files a commit took out of the table at `location`: probes of its later
    /// snapshots never ask about them (one of an older snapshot parses the file's statistics again).
    func forget(location: String, paths: some Sequence<String>) {
        lock.withLock {
            guard let numbers = numbersByLocation[Substring(location)] else { return }
            for p in paths {
                for n in numbers {
                    let key = Key(signature: n, path: p)
                    if let old = entries.removeValue(forKey: key) { bytes -= Self.cost(key, old) }
                }
            }
        }
    }

    /// Bytes an entry holds: its own estimate and its key's path.
    private static func cost(_ key: Key, _ entry: FilePruning) -> Int { entry.memoryFootprint + 64 + key.path.utf8.count }

    /// How many entries and estimated bytes the cache holds.
    var usage: (entries: Int, bytes: Int) { lock.withLock { (entries.count, bytes) } }

    func get(_ key: Key) -> FilePruning? {
        lock.withLock { entries[key] }
    }

    /// Stores `entry`; past the budget the cache starts over, empty (entries are cheap to parse again, and a full
    /// cache means the process moved on to other tables). Nothing survives the reset, so no entry is left under a
    /// number that `numbersByLocation` no longer lists and a commit could not drop; one that an operation still
    /// running puts afterwards under its old number is counted in `bytes` and goes at the next reset.
    func put(_ key: Key, _ entry: FilePruning) {
        let size = Self.cost(key, entry)
        guard size <= budget / 4 else { return }
        lock.lock()
        defer { lock.unlock() }
        if let old = entries.updateValue(entry, forKey: key) { bytes -= Self.cost(key, old) }
        bytes += size
        if bytes > budget {
            entries = [:]
            signatures.forgetAll()
            numbersByLocation = [:]
            bytes = 0
        }
    }
}
