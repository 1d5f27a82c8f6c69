import Columnar

/// How OPTIMIZE compacts a table.
public struct OptimizeOptions: Sendable {
    /// Bytes per output file; nil uses the table property `delta.targetFileSize`, else 128 MiB.
    public var targetFileSize: Int64?
    /// Sort each output file's rows by these columns (nulls first), so statistics skip well.
    public var sortBy: [String]
    /// Compact only files in partitions where this predicate over partition columns holds.
    public var partitions: Predicate?
    /// Called after each bin is written.
    public var progress: (@Sendable (OptimizeProgress) -> Void)?
    public var maxConflictRetries: Int

    public init(targetFileSize: Int64? = nil, sortBy: [String] = [], partitions: Predicate? = nil,
                progress: (@Sendable (OptimizeProgress) -> Void)? = nil, maxConflictRetries: Int = 4) {
        self.targetFileSize = targetFileSize
        self.sortBy = sortBy
        self.partitions = partitions
        self.progress = progress
        self.maxConflictRetries = maxConflictRetries
    }

    public static let targetFileSizeProperty = "delta.targetFileSize"
    public static let defaultTargetFileSize: Int64 = 128 << 20
}

/// Where an OPTIMIZE is.
public struct OptimizeProgress: Sendable, Equatable {
    public var binsDone: Int
    public var binsTotal: Int
    public var filesRemoved: Int
    public var bytesRemoved: Int64
    public var filesAdded: Int
    public var bytesAdded: Int64
}

/// What an OPTIMIZE did; `commit` is nil when there was nothing to compact.
public struct OptimizeResult: Sendable {
    public let commit: CommitResult?
    public let progress: OptimizeProgress
    public var attempts = 1
}

extension DeltaTable {
    /// OPTIMIZE: per partition, bin-packs files smaller than the target size — and files with deletion
    /// vectors, whose deleted rows are dropped — into files of about the target size, optionally sorted.
    /// The commit changes no data (`dataChange=false`) and reads nothing but the files it replaces, so
    /// concurrent appends never conflict with it; a concurrent delete or merge touching one of its files does,
    /// and then it is planned again on the new version.
    @discardableResult
    public func optimize(_ options: OptimizeOptions = OptimizeOptions()) throws(DeltaLogError) -> OptimizeResult {
        var tries = 0
        while true {
            tries += 1
            do {
                var r = try optimizeOnce(try snapshot(), options)
                r.attempts = tries
                return r
            } catch let .conflict(c) {
                if tries > max(0, options.maxConflictRetries) { throw .conflict(c) }
            }
        }
    }

    private func optimizeOnce(_ snapshot: Snapshot, _ options: OptimizeOptions) throws(DeltaLogError) -> OptimizeResult {
        let target = max(1, options.targetFileSize ?? snapshot.configuration[OptimizeOptions.targetFileSizeProperty].flatMap { Int64($0) }
            ?? OptimizeOptions.defaultTargetFileSize)
        let schema = snapshot.schema
        for c in options.sortBy where schema.column(named: c) == nil { throw .unknownColumn(c) }
        let filter = PartitionFilter(schema: schema, partitionColumns: snapshot.partitionColumns)
        if let p = options.partitions { try filter.validate(p) }
        var groups: [[String: String?]: [AddFile]] = [:]
        for f in snapshot.files where f.size < target || f.deletionVector != nil {
            if let p = options.partitions, filter.evaluate(p, f.partitionValues) != true { continue }
            groups[f.partitionValues, default: []].append(f)
        }
        var bins: [[AddFile]] = []
        for key in groups.keys.sorted(by: { $0.description < $1.description }) {
            var bin: [AddFile] = [], size: Int64 = 0
            func close() {
                if bin.count > 1 || bin.contains(where: { $0.deletionVector != nil }) { bins.append(bin) }
                bin = []
                size = 0
            }
            for f in (groups[key] ?? []).sorted(by: { ($0.size, $0.path) < ($1.size, $1.path) }) {
                if size > 0 && size + f.size > target { close() }
                bin.append(f)
                size += f.size
            }
            close()
        }
        var progress = OptimizeProgress(binsDone: 0, binsTotal: bins.count, filesRemoved: 0, bytesRemoved: 0, filesAdded: 0, bytesAdded: 0)
        guard !bins.isEmpty else { return OptimizeResult(commit: nil, progress: progress) }

        var tx = try startTransaction(on: snapshot)
        let now = Transaction.nowMillis()
        let names = schema.columns.map(\.name)
        for bin in bins {
            let scan = try TableScan(table: self, snapshot: snapshot, columns: names, filter: nil, only: bin)
            var rows = try scan.collect()
            if !options.sortBy.isEmpty { rows = Self.sorted(rows, by: options.sortBy) }
            let inputRows = bin.reduce(Int64(0)) { n, f in
                n + (FileStatistics(json: f.stats)?.numRecords ?? 0) - (f.deletionVector?.cardinality ?? 0)
            }
            let inputBytes = bin.reduce(Int64(0)) { $0 + $1.size }
            var writeOptions = WriteOptions()
            // Output files of about the target size, judging bytes per row by the input.
            if inputRows > 0 { writeOptions.maxRowsPerFile = Int(max(1, target * inputRows / max(inputBytes, 1))) }
            var added = try dataWriter(snapshot, schema: schema, keyColumns: [], options: writeOptions).write(rows)
            for i in added.indices { added[i].dataChange = false }
            for f in bin { tx.remove(f.removal(at: now, dataChange: false)) }
            for f in added { tx.add(f) }
            progress.binsDone += 1
            progress.filesRemoved += bin.count
            progress.bytesRemoved += inputBytes
            progress.filesAdded += added.count
            progress.bytesAdded += added.reduce(0) { $0 + $1.size }
            options.progress?(progress)
        }
        let commit = try tx.commit(operation: "OPTIMIZE", parameters: [
            "predicate": options.partitions.map { JSONValue.array([.string($0.description)]).serialized } ?? "[]",
            "zOrderBy": "[]", "sortBy": JSONValue.array(options.sortBy.map(JSONValue.string)).serialized,
        ], metrics: [
            "numRemovedFiles": String(progress.filesRemoved), "numAddedFiles": String(progress.filesAdded),
            "numRemovedBytes": String(progress.bytesRemoved), "numAddedBytes": String(progress.bytesAdded),
        ])
        return OptimizeResult(commit: commit, progress: progress)
    }

    /// `batch`'s rows ordered by `columns` (nulls first, then ascending), stable.
    static func sorted(_ batch: RecordBatch, by columns: [String]) -> RecordBatch {
        let cols = columns.compactMap { batch.column(named: $0) }
        let order = (0..<batch.rowCount).sorted { a, b in
            for c in cols {
                let x = c.value(at: a), y = c.value(at: b)
                if x.isNull != y.isNull { return x.isNull }
                if let r = Value.compare(x, y), r != 0 { return r < 0 }
            }
            return a < b
        }
        return batch.take(order)
    }
}
