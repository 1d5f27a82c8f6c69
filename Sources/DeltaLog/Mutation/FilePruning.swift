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

    init(_ file: AddFile, keyColumns: [String], schema: TableSchema, partitions: Set<String>) {
        let stats = FileStatistics(json: file.stats)
        rows = stats?.numRecords ?? 0
        bounds = []
        holdsNoKey = false
        for k in keyColumns {
            guard !partitions.contains(k), let c = schema.column(named: k),
                  let s = stats?.columnStatistics(physicalName: c.physicalName, type: c.type) else {
                bounds.append((nil, nil))
                continue
            }
            if s.valueCount > 0, s.nullCount >= s.valueCount { holdsNoKey = true }
            bounds.append((s.min, s.max))
        }
    }

    var memoryFootprint: Int { 256 + bounds.count * 64 + Int(min(max(rows, 0), 1 << 32)) * 2 }
}

/// Process-wide, size-bounded cache of ``FilePruning`` by table, key columns and file.
final class FilePruningCache: @unchecked Sendable {
    /// About two bytes per row: room for the files of tables of several hundred million rows.
    static let shared = FilePruningCache(budget: 256 << 20)

    private let lock = NSLock()
    private var entries: [String: FilePruning] = [:]
    private var bytes = 0
    let budget: Int

    init(budget: Int) { self.budget = budget }

    func get(_ key: String) -> FilePruning? {
        lock.lock()
        defer { lock.unlock() }
        return entries[key]
    }

    /// Stores `entry`; past the budget the cache starts over (entries are cheap to parse again, and a full
    /// cache means the process moved on to other tables).
    func put(_ key: String, _ entry: FilePruning) {
        let size = entry.memoryFootprint
        guard size <= budget / 4 else { return }
        lock.lock()
        defer { lock.unlock() }
        if let old = entries.updateValue(entry, forKey: key) { bytes -= old.memoryFootprint }
        bytes += size
        if bytes > budget {
            entries = [key: entry]
            bytes = size
        }
    }
}
