import Columnar
import Foundation

/// The decoded rows of small data files this process wrote recently, so that the operations which read such
/// files back soon after — OPTIMIZE compacting a stream of one-row partition files, a MERGE reading the file its
/// key probe pointed at — skip opening, decompressing and decoding them.
///
/// Why this is exact: a data file never changes once written (its name carries a fresh UUID, and no operation
/// rewrites a file in place), so the rows it was written from are the rows it holds for its whole life. An entry
/// is found by the file's absolute local path and must match the size the log records for it; anything else is
/// read from storage. Only operations' own reads use it (``TableScan`` built for a chosen set of files); a
/// user's scan always reads the file, so damage on disk is still reported there.
///
/// Bounded by `budget` bytes of heap (the columns' buffers as allocated, ``Columnar/RecordBatch/allocatedByteCount``,
/// and each entry's key and slots), oldest written first out: the files worth keeping are the ones an ingest wrote
/// since the table's last compaction. A commit that removes files from a table drops their entries (its operations
/// read live files only).
final class RecentDataFiles: @unchecked Sendable {
    /// 16 MiB: the ingest's one-row files of ~60 columns take ~12 KiB each, so ~1,300 of them (200 files, the ingest's
    /// compaction threshold, of six or seven tables). The process's peak RSS grows by about the budget: in one
    /// comparison at 500-record batches (lake-bench ingest, before malloc's arenas were capped) budgets of 4, 8, 16
    /// and 32 MiB peaked at 178, 188, 197 and 208 MB against 180 MB without the cache; 32 MiB missed no read,
    /// 16 MiB 1.4% of them.
    static let shared = RecentDataFiles(budget: 16 << 20)
    /// Files with more rows are not kept: reading them back costs per row anyway, not per file.
    static let maxRows = 4_096

    private struct Entry {
        let size: Int64
        let rows: RecordBatch
        let bytes: Int
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    /// Keys in the order they were added; `head` is the oldest still possibly present.
    private var order: [String] = []
    private var head = 0
    private var bytes = 0
    let budget: Int
    /// The largest entry kept, a sixteenth of the budget: one large file does not push out the hundreds of one-row
    /// files the cache is for.
    var entryLimit: Int { budget / 16 }

    init(budget: Int) { self.budget = budget }

    /// Whether a file of `rows` may be kept, judged before copying them for ``put(_:size:rows:)``: a copy that would
    /// be turned away is not made.
    func mayKeep(_ rows: RecordBatch) -> Bool {
        rows.rowCount <= Self.maxRows && Self.estimate(rows) <= entryLimit
    }

    /// The file's rows as written (physical column names, the file's own schema), if kept and `size` matches.
    func rows(_ key: String, size: Int64) -> RecordBatch? {
        lock.withLock { entries[key].flatMap { $0.size == size ? $0.rows : nil } }
    }

    /// Keeps `rows`, the exact contents of the `size`-byte file at `key`, when it is small enough.
    func put(_ key: String, size: Int64, rows: RecordBatch) {
        guard rows.rowCount <= Self.maxRows else { return }
        let cost = Self.footprint(rows, key: key)
        guard cost <= entryLimit else { return }
        lock.withLock {
            if let old = entries.updateValue(Entry(size: size, rows: rows, bytes: cost), forKey: key) {
                bytes -= old.bytes
            } else {
                order.append(key)
            }
            bytes += cost
            while bytes > budget, head < order.count {
                if let victim = entries.removeValue(forKey: order[head]) { bytes -= victim.bytes }
                head += 1
            }
            // Drop the evicted prefix of `order` once it is most of the array, so it stays proportional.
            if head > 1_024, head * 2 > order.count {
                order.removeFirst(head)
                head = 0
            }
        }
    }

    /// Drops the entries of files that operations will not read again (a commit removed them from the table).
    func forget(_ keys: [String]) {
        lock.withLock {
            for k in keys { if let e = entries.removeValue(forKey: k) { bytes -= e.bytes } }
            // Forgotten keys leave `order` only when eviction passes them, which a cache kept under its budget by
            // forgetting never does: drop them once they are most of it, so it stays proportional to the entries.
            if order.count - head > 2 * entries.count + 1_024 {
                order = order[head...].filter { entries[$0] != nil }
                head = 0
            }
        }
    }

    /// Keys `order` holds (for tests: it stays proportional to the entries).
    var orderedKeyCount: Int { lock.withLock { order.count - head } }

    /// Heap bytes an entry holds: its rows' buffers as allocated, its key, and its slots in `entries` and `order`.
    static func footprint(_ rows: RecordBatch, key: String) -> Int {
        128 + Columnar.Column.heapBytes(capacity: key.utf8.count, stride: 1) + rows.allocatedByteCount
    }

    /// About the bytes ``footprint(_:key:)`` gives for a compact copy of `batch` (values, offsets, validity bitmaps,
    /// and per column the allocations holding them), worked out from counts without copying.
    static func estimate(_ batch: RecordBatch) -> Int {
        let n = batch.rowCount
        var total = 512
        for c in batch.columns {
            total += 160 + (c.validity == nil ? 0 : (n + 7) / 8)
            switch c {
            case .boolean: total += (n + 7) / 8
            case .int32, .float32, .date: total += 4 * n
            case .int64, .float64, .timestamp: total += 8 * n
            case let .string(v), let .binary(v), let .json(v): total += v.totalByteCount + 8 * (n + 1)
            }
        }
        return total
    }
}

extension Storage {
    /// Where ``RecentDataFiles`` keeps the rows of files written through this storage (a ``StagingStorage``:
    /// its base's); nil for storage without local files.
    var recentFileCache: RecentDataFiles? {
        if let local = self as? LocalStorage { return local.recentFiles }
        if let staging = self as? StagingStorage { return staging.base.recentFileCache }
        return nil
    }

    /// Names a data file at `path` in ``recentFileCache``: its storage root and path, also while a
    /// ``StagingStorage`` still holds it for the commit that makes it durable; nil for storage without local files.
    /// Not validated as a path (the key only has to be the same for the writer and the readers of one file).
    func recentFileKey(_ path: String) -> String? {
        if let local = self as? LocalStorage { return local.root + "/" + path }
        if let staging = self as? StagingStorage { return staging.base.recentFileKey(path) }
        return nil
    }
}
