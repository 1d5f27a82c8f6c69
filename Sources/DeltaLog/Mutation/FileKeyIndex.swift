import Columnar
import Foundation

/// One data file's key column(s) as a hash table from key to row positions, with the other columns a MERGE
/// condition reads, for every row of the file (deletion vectors are applied when probing). Data files never
/// change once written, so an index stays valid for the file's life and consecutive MERGEs into a large table
/// read each file's keys once instead of every time.
struct FileKeyIndex: Sendable {
    let keys: KeyTable
    /// Position of the first row with key i.
    let first: [Int64]
    /// Further positions of keys that occur more than once in the file.
    let more: [Int: [Int64]]
    /// The columns a MERGE condition reads from matched rows (not the key columns, which `keys` holds, unless a
    /// condition names them), row r at position r.
    let columns: RecordBatch

    var memoryFootprint: Int {
        keys.memoryFootprint + first.count * 8 + more.count * 64 + columns.rowCount * 16 * columns.schema.count
    }

    /// Positions of the rows with this encoded key, whose ``KeyTable/hash(_:)`` is `hash`.
    func positions(_ key: UnsafeRawBufferPointer, hash: UInt64) -> [Int64] {
        guard let i = keys.find(key, hash: hash) else { return [] }
        guard let extra = more[i] else { return [first[i]] }
        return [first[i]] + extra
    }

    /// Reads `file` (ignoring its deletion vector) through a scan of `snapshot`, keeping `columns` of every row.
    static func build(table: DeltaTable, snapshot: Snapshot, file: AddFile, keyColumns: [String],
                      columns: [String]) throws(DeltaLogError) -> FileKeyIndex {
        var bare = file
        bare.deletionVector = nil
        var read = keyColumns
        for c in columns where !read.contains(c) { read.append(c) }
        let scan = try TableScan(table: table, snapshot: snapshot, columns: read, exactly: [bare])
        var keys = KeyTable(capacity: Int(FileStatistics(json: file.stats)?.numRecords ?? 1024))
        var first: [Int64] = []
        var more: [Int: [Int64]] = [:]
        var parts: [RecordBatch] = []
        var expected: Int64 = 0
        try scan.forEach { b throws(DeltaLogError) in
            // Rows arrive in position order without gaps (no filter, no deletion vector), so row r of the batch
            // is at position `expected + r`.
            guard b.rowPositions.first ?? expected == expected, b.rowPositions.last ?? expected == expected + Int64(b.batch.rowCount) - 1 else {
                throw .invalidArgument("\(file.path): unexpected row positions from \(b.rowPositions.first ?? -1)")
            }
            let base = expected
            try KeyEncoder(batch: b.batch, keyColumns: keyColumns).forEachKey(rowCount: b.batch.rowCount) { r, key in
                let (i, inserted) = keys.insert(key)
                if inserted { first.append(base + Int64(r)) } else { more[i, default: []].append(base + Int64(r)) }
            }
            expected += Int64(b.batch.rowCount)
            if !columns.isEmpty { parts.append(b.batch) }
        }
        let kept: RecordBatch
        do throws(ColumnarError) {
            let all = parts.isEmpty ? .empty(scan.plan.outputSchema) : try RecordBatch.concatenate(parts, schema: scan.plan.outputSchema)
            kept = try all.project(columns)
        } catch {
            throw .columnar(error)
        }
        return FileKeyIndex(keys: keys, first: first, more: more, columns: kept)
    }
}

/// Process-wide, size-bounded cache of ``FileKeyIndex`` by table, file, columns and types. The table, key columns
/// and columns (with their ids and types) get a number once per operation, so a MERGE's look-up of every file of
/// the table hashes only the file's path.
final class FileKeyIndexCache: @unchecked Sendable {
    /// About 70 bytes per row keyed by a 36-character id: room for the indexes of a 10M-row table.
    static let shared = FileKeyIndexCache(budget: 1 << 30)

    typealias Key = SignedPath

    private let lock = NSLock()
    private var entries: [Key: (index: FileKeyIndex, used: UInt64)] = [:]
    private var bytes = 0
    private var read: Set<Key> = []
    private var clock: UInt64 = 0
    private var signatures = SignatureNumbers()
    let budget: Int

    init(budget: Int) { self.budget = budget }

    /// The number of `signature` in this cache's keys.
    func number(_ signature: String) -> Int { lock.withLock { signatures.number(signature) } }

    func get(_ key: Key) -> FileKeyIndex? {
        lock.lock()
        defer { lock.unlock() }
        guard let e = entries[key] else { return nil }
        clock += 1
        entries[key] = (e.index, clock)
        return e.index
    }

    /// Records that the file under `key` is being read, and tells whether it was read before (then building its
    /// index pays off). Forgets everything past 65,536 files, so a process touching many tables stays bounded.
    func markRead(_ key: Key) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if read.contains(key) { return true }
        if read.count >= 65_536 { read.removeAll() }
        read.insert(key)
        return false
    }

    func put(_ key: Key, _ index: FileKeyIndex) {
        let size = index.memoryFootprint
        guard size <= budget / 4 else { return }
        lock.lock()
        defer { lock.unlock() }
        clock += 1
        if let old = entries.updateValue((index, clock), forKey: key) { bytes -= old.index.memoryFootprint }
        bytes += size
        while bytes > budget, let victim = entries.min(by: { $0.value.used < $1.value.used }) {
            bytes -= victim.value.index.memoryFootprint
            entries.removeValue(forKey: victim.key)
        }
    }
}
