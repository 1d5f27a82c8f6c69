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
    /// Called after each bin is written (from the thread that wrote it, one call at a time).
    public var progress: (@Sendable (OptimizeProgress) -> Void)?
    public var maxConflictRetries: Int
    /// Columns (logical names) whose output files get bloom filters; nil keeps those of the input files: a
    /// column with a bloom filter in any file of a bin gets one in the bin's output, so MERGE and DELETE still
    /// skip compacted files by key.
    public var bloomFilterColumns: Set<String>?
    /// Bins compacted at once (and, with fewer bins, threads reading one bin's files); nil = active processors.
    /// The output is the same for every value.
    public var concurrency: Int?

    public init(targetFileSize: Int64? = nil, sortBy: [String] = [], partitions: Predicate? = nil,
                progress: (@Sendable (OptimizeProgress) -> Void)? = nil, maxConflictRetries: Int = 4,
                bloomFilterColumns: Set<String>? = nil, concurrency: Int? = nil) {
        self.targetFileSize = targetFileSize
        self.sortBy = sortBy
        self.partitions = partitions
        self.progress = progress
        self.maxConflictRetries = maxConflictRetries
        self.bloomFilterColumns = bloomFilterColumns
        self.concurrency = concurrency
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
    /// Bins are compacted concurrently (``OptimizeOptions/concurrency``); a lone bin's files are read by several
    /// threads at once. Either way each output file holds the same rows in the same order as a sequential run.
    /// The commit changes no data (`dataChange=false`) and reads nothing but the files it replaces, so
    /// concurrent appends never conflict with it; a concurrent delete or merge touching one of its files does,
    /// and then it is planned again on the new version.
    @discardableResult
    public func optimize(_ options: OptimizeOptions = OptimizeOptions()) throws(DeltaLogError) -> OptimizeResult {
        var tries = 0
        while true {
            tries += 1
            do {
                var r = try optimizeOnce(try latestSnapshot(), options)
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
        let empty = OptimizeProgress(binsDone: 0, binsTotal: bins.count, filesRemoved: 0, bytesRemoved: 0, filesAdded: 0, bytesAdded: 0)
        guard !bins.isEmpty else { return OptimizeResult(commit: nil, progress: empty) }

        let width = max(1, options.concurrency ?? Concurrently.processors)
        let readers = max(1, width / min(width, bins.count))
        let reporter = OptimizeReporter(empty, options.progress)
        // Each file's place in the snapshot: a scan yields files in this order, so reading a bin in contiguous
        // parts of it and joining the parts gives the rows a single scan would.
        var order: [FileKey: Int] = [:]
        for (i, f) in snapshot.files.enumerated() { order[f.key] = i }
        let ordered = bins.map { bin in bin.sorted { (order[$0.key] ?? 0) < (order[$1.key] ?? 0) } }
        let compacted = try Concurrently.map(ordered.count, width: width) { i throws(DeltaLogError) -> [AddFile] in
            let added = try self.compact(ordered[i], snapshot: snapshot, options: options, target: target, readers: readers)
            reporter.binDone(removed: ordered[i], added: added)
            return added
        }
        var tx = try startTransaction(on: snapshot)
        let now = Transaction.nowMillis()
        for (bin, added) in zip(ordered, compacted) {
            for f in bin { tx.remove(f.removal(at: now, dataChange: false)) }
            for f in added { tx.add(f) }
        }
        let progress = reporter.progress
        let commit = try tx.commit(operation: "OPTIMIZE", parameters: [
            "predicate": options.partitions.map { JSONValue.array([.string($0.description)]).serialized } ?? "[]",
            "zOrderBy": "[]", "sortBy": JSONValue.array(options.sortBy.map(JSONValue.string)).serialized,
        ], metrics: [
            "numRemovedFiles": String(progress.filesRemoved), "numAddedFiles": String(progress.filesAdded),
            "numRemovedBytes": String(progress.bytesRemoved), "numAddedBytes": String(progress.bytesAdded),
        ])
        return OptimizeResult(commit: commit, progress: progress)
    }

    /// Rewrites one bin's live rows as new files (`dataChange` false), reading its files (in snapshot order) in
    /// `readers` contiguous parts at once.
    private func compact(_ bin: [AddFile], snapshot: Snapshot, options: OptimizeOptions, target: Int64,
                         readers: Int) throws(DeltaLogError) -> [AddFile] {
        let schema = snapshot.schema
        let names = schema.columns.map(\.name)
        let partCount = max(1, min(readers, bin.count))
        let parts = (0..<partCount).map { p in Array(bin[(bin.count * p / partCount)..<(bin.count * (p + 1) / partCount)]) }
        let inherit = options.bloomFilterColumns == nil
        let read = try Concurrently.map(parts.count, width: partCount) { p throws(DeltaLogError) -> (RecordBatch, Set<String>) in
            let rows = try TableScan(table: self, snapshot: snapshot, columns: names, filter: nil, only: parts[p]).collect()
            return (rows, inherit ? try self.bloomFilterColumns(of: parts[p], snapshot: snapshot) : [])
        }
        var rows: RecordBatch
        do {
            rows = read.count == 1 ? read[0].0 : try RecordBatch.concatenate(read.map(\.0), schema: try schema.logicalSchema())
        } catch let e as DeltaLogError { throw e } catch let e as ColumnarError { throw .columnar(e) } catch { throw .invalidArgument("\(error)") }
        if !options.sortBy.isEmpty { rows = Self.sorted(rows, by: options.sortBy) }
        let inputRows = Int64(rows.rowCount)
        let inputBytes = bin.reduce(Int64(0)) { $0 + $1.size }
        var writeOptions = WriteOptions()
        writeOptions.bloomFilterColumns = options.bloomFilterColumns ?? read.reduce(into: Set<String>()) { $0.formUnion($1.1) }
        // Output files of about the target size, judging bytes per row by the input.
        if inputRows > 0 { writeOptions.maxRowsPerFile = Int(max(1, target * inputRows / max(inputBytes, 1))) }
        var added = try dataWriter(snapshot, schema: schema, keyColumns: [], options: writeOptions).write(rows)
        for i in added.indices { added[i].dataChange = false }
        return added
    }

    /// The table columns (logical names) that carry a bloom filter in some of `files`.
    private func bloomFilterColumns(of files: [AddFile], snapshot: Snapshot) throws(DeltaLogError) -> Set<String> {
        let schema = snapshot.schema
        let format = try DataFormats.format(for: snapshot.protocolAction, metadata: snapshot.metadata)
        var out: Set<String> = []
        for f in files {
            let reader: any TableDataReader
            do { reader = try format.open(try StorageSource(storage: storage, path: f.path, size: Int(f.size))) } catch let e as DeltaLogError {
                throw e
            } catch let e as ColumnarError { throw .columnar(e) } catch { throw .invalidArgument("\(error)") }
            let stored = reader.schema
            for name in reader.bloomFilterColumns {
                guard let field = stored.field(named: name) else { continue }
                let column = schema.columns.first { schema.columnMapping ? $0.id == field.id : $0.physicalName == name }
                if let column { out.insert(column.name) }
            }
        }
        return out
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
