import Columnar

/// A scan of one snapshot: the requested columns of the rows matching `filter`, file by file.
/// Pruning goes partitions → file statistics → row groups and pages (inside the data file reader) → rows.
/// Files are opened lazily, one at a time, so memory holds one row group of the projected columns.
public struct TableScan: Sendable {
    public let table: DeltaTable
    public let snapshot: Snapshot
    /// Logical column names, in output order.
    public let columns: [String]
    public let filter: Predicate?
    let plan: ScanPlan
    /// Whether files this process wrote recently are read from ``RecentDataFiles``: only for operations' own reads
    /// of files they chose (compaction, key probes), never for a user's scan.
    var readsRecentFiles = false

    init(table: DeltaTable, snapshot: Snapshot, columns: [String]?, filter: Predicate?) throws(DeltaLogError) {
        try self.init(table: table, snapshot: snapshot, columns: columns, filter: filter, files: nil)
    }

    /// A scan of `files` (nil: all of the snapshot's) after the filter's pruning; an operation's scan of files it
    /// chose (`files` given) reads recently written ones from ``RecentDataFiles``.
    init(table: DeltaTable, snapshot: Snapshot, columns: [String]?, filter: Predicate?, files: [AddFile]?) throws(DeltaLogError) {
        let schema = snapshot.schema
        let names = columns ?? schema.columns.map(\.name)
        for n in names where schema.column(named: n) == nil { throw .unknownColumn(n) }
        if let filter {
            let logical = try schema.logicalSchema()
            do { try filter.validate(against: logical) } catch { throw .columnar(error) }
        }
        self.table = table
        self.snapshot = snapshot
        self.columns = names
        self.filter = filter
        plan = try ScanPlan(snapshot: snapshot, columns: names, filter: filter, files: files ?? snapshot.files)
        readsRecentFiles = files != nil
    }

    /// The files left after partition and statistics pruning.
    public var files: [AddFile] { plan.files }

    /// Iterates the scan's batches.
    public func makeIterator() throws(DeltaLogError) -> TableScanIterator {
        TableScanIterator(scan: self, format: try DataFormats.format(for: snapshot.protocolAction, metadata: snapshot.metadata))
    }

    /// Calls `body` with each non-empty batch.
    public func forEach(_ body: (TableScanBatch) throws(DeltaLogError) -> Void) throws(DeltaLogError) {
        var it = try makeIterator()
        while let b = try it.next() { try body(b) }
    }

    /// All matching rows in one batch.
    public func collect() throws(DeltaLogError) -> RecordBatch {
        var parts: [RecordBatch] = []
        try forEach { parts.append($0.batch) }
        if parts.isEmpty { return RecordBatch.empty(plan.outputSchema) }
        do { return try RecordBatch.concatenate(parts, schema: plan.outputSchema) } catch { throw .columnar(error) }
    }

    /// The number of matching rows. Without a filter it comes from file statistics when every file has them.
    public func count() throws(DeltaLogError) -> Int {
        // Deletion vectors carry their cardinality, which statisticsRowCount subtracts.
        if filter == nil, let n = snapshot.statisticsRowCount {
            return Int(n)
        }
        var n = 0
        var it = try TableScanIterator(scan: self, format: DataFormats.format(for: snapshot.protocolAction, metadata: snapshot.metadata),
                                       countOnly: true)
        while let b = try it.next() { n += b.batch.rowCount }
        return n
    }

    /// Matching rows as dictionaries from column name to value (nulls included as `.null`).
    public func rows() throws(DeltaLogError) -> [[String: Value]] {
        var out: [[String: Value]] = []
        try forEach { b in
            for r in 0..<b.batch.rowCount {
                var row: [String: Value] = [:]
                for (i, f) in b.batch.schema.fields.enumerated() { row[f.name] = b.batch.columns[i].value(at: r) }
                out.append(row)
            }
        }
        return out
    }

    /// Matching rows decoded into `T` by column name (see ``RowDecoder``).
    public func decode<T: Decodable>(_ type: T.Type) throws -> [T] {
        try rows().map { try T(from: RowDecoder(row: $0)) }
    }
}

extension DeltaTable {
    /// A scan of the latest version, or of `version`, or of the version current at `timestamp` (ms).
    public func scan(columns: [String]? = nil, filter: Predicate? = nil, version: Int64? = nil,
                     timestamp: Int64? = nil) throws(DeltaLogError) -> TableScan {
        let s: Snapshot
        if let version { s = try snapshot(version: version) } else if let timestamp { s = try snapshot(timestamp: timestamp) } else { s = try snapshot() }
        return try TableScan(table: self, snapshot: s, columns: columns, filter: filter)
    }

    /// A scan of a snapshot the caller holds.
    public func scan(_ snapshot: Snapshot, columns: [String]? = nil, filter: Predicate? = nil) throws(DeltaLogError) -> TableScan {
        try TableScan(table: self, snapshot: snapshot, columns: columns, filter: filter)
    }
}
