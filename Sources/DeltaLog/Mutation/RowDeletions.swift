import Foundation
import Columnar

/// Rows to delete from existing data files, collected per logical file, and staged as deletion vectors:
/// per file a `remove` of the current logical file and an `add` of the same path with the union of its old
/// and new deletion vectors — or only the `remove` when no row of the file is left.
struct RowDeletions {
    private var byFile: [FileKey: (file: AddFile, positions: [UInt64])] = [:]

    var isEmpty: Bool { byFile.isEmpty }
    var fileCount: Int { byFile.count }
    var files: [AddFile] { byFile.values.map(\.file) }

    mutating func delete(_ position: Int64, in file: AddFile) {
        byFile[file.key, default: (file, [])].positions.append(UInt64(max(position, 0)))
    }

    /// Stages the removes and re-adds on `tx`, and the new deletion-vector files for its commit to write (durable
    /// in the same round of fsyncs as the commit file); returns how many rows became deleted.
    func stage(on tx: inout Transaction, table: DeltaTable, configuration: [String: String]) throws(DeltaLogError) -> Int {
        let (staged, staging) = table.staging()
        let prepared = try prepare(table: staged, configuration: configuration)
        prepared.apply(to: &tx)
        tx.stage(objects: staging.objects)
        return prepared.deletedRows
    }

    /// Writes the new deletion vectors (the part with I/O, which a MERGE runs while it writes its data file)
    /// and returns the actions that record them.
    func prepare(table: DeltaTable, configuration: [String: String]) throws(DeltaLogError) -> PreparedDeletions {
        let store = DeletionVectorStore(storage: table.storage, location: table.location)
        let threshold = configuration[DeletionVectorStore.inlineThresholdProperty].flatMap { Int($0) }
            ?? DeletionVectorStore.defaultInlineThreshold
        let now = Transaction.nowMillis()
        var out = PreparedDeletions()
        var kept: [(AddFile, RoaringBitmapArray)] = []
        for (_, entry) in byFile.sorted(by: { $0.key.path < $1.key.path }) {
            var bitmap = try entry.file.deletionVector.map { d throws(DeltaLogError) in try store.load(d) } ?? RoaringBitmapArray()
            let before = bitmap.cardinality
            bitmap.insert(contentsOf: entry.positions)
            out.deletedRows += bitmap.cardinality - before
            out.removes.append(entry.file.removal(at: now))
            let rows = FileStatistics(json: entry.file.stats)?.numRecords
            if let rows, Int64(bitmap.cardinality) >= rows { continue }
            kept.append((entry.file, bitmap))
        }
        let descriptors = try store.store(kept.map(\.1), inlineThreshold: threshold)
        for ((file, _), d) in zip(kept, descriptors) {
            var f = file
            f.deletionVector = d
            f.dataChange = true
            out.adds.append(f)
        }
        return out
    }
}

/// Deletion vectors written and ready to commit: per touched file a `remove`, and an `add` of the same path
/// with the new vector unless no row is left.
struct PreparedDeletions: Sendable {
    var removes: [RemoveFile] = []
    var adds: [AddFile] = []
    var deletedRows = 0

    func apply(to tx: inout Transaction) {
        for r in removes { tx.remove(r) }
        for a in adds { tx.add(a) }
    }
}

extension DeltaTable {
    /// Runs `attempt` on fresh snapshots until it commits, re-planning after a logical conflict at most
    /// `retries` times; other errors and the last conflict are thrown.
    func retryingConflicts(_ retries: Int, _ attempt: (Snapshot) throws(DeltaLogError) -> MutationResult) throws(DeltaLogError) -> MutationResult {
        var tries = 0
        while true {
            tries += 1
            do {
                var r = try attempt(try latestSnapshot())
                r.attempts = tries
                return r
            } catch let .conflict(c) {
                if tries > max(0, retries) { throw .conflict(c) }
                usleep(UInt32.random(in: 0...UInt32(min(1 << min(tries + 10, 20), 100_000))))
            }
        }
    }

    /// A writer of new data files for `schema`, with bloom filters on `keyColumns` and those the options name; it
    /// prepares key probes by `keyColumns` and by each bloom filter column for the files it writes.
    func dataWriter(_ snapshot: Snapshot, schema: TableSchema, keyColumns: [String], options: WriteOptions) throws(DeltaLogError) -> DataWriter {
        let bloom = Set((options.bloomFilterColumns.union(keyColumns)).compactMap { schema.column(named: $0)?.physicalName })
        return DataWriter(storage: storage, format: try DataFormats.format(for: snapshot.protocolAction, metadata: snapshot.metadata),
                          schema: schema, partitionColumns: snapshot.partitionColumns,
                          options: DataFileWriteOptions(rowGroupRows: options.rowGroupRows, bloomFilterColumns: bloom),
                          maxRowsPerFile: options.maxRowsPerFile, pruningSeed: pruningSeed(keyColumns: keyColumns, options: options))
    }

    /// The key probes worth preparing for files written with `options`: by `keyColumns`, and by each bloom filter
    /// column alone.
    func pruningSeed(keyColumns: [String], options: WriteOptions) -> FilePruningSeed? {
        let lookups = [keyColumns] + options.bloomFilterColumns.sorted().map { [$0] }
        let seed = FilePruningSeed(location: location, lookups: lookups)
        return seed.lookups.isEmpty ? nil : seed
    }
}
