import Columnar
import DeltaLog
import Foundation
import Kafka
import Metastore

/// The ingest loop's write side (issue 9 §2, §5, §6): one batch of messages → routed, prepared, merged into the
/// warehouse's tables with the partitions' offsets as `txn` actions in the same commits, so a redelivered batch
/// changes nothing.
///
/// Per batch: location changes first (they rewrite `<domain>_location` for every changed subtree and invalidate
/// the enrichment cache before this batch's records are enriched), then every form and case table: prepared one
/// after the other (documents, transforms, column batch; `TableWork`: removals, then upserts, so the later message
/// of an id wins), each committed as soon as it is prepared, `concurrentCommits` at a time (`CommitPool`), one
/// MERGE per table carrying every partition's `txn` (`TableCommit`), then the quarantine. A commit that evolved a table's schema is followed by a catalog
/// update. Kafka polling lives in the service.
public struct IngestLoop {
    public var config: IngestConfig
    public var sources: IngestSources
    public var router: BatchRouter
    public var pipeline: TransformPipeline
    /// Where tables are registered: the embedded file catalog or the PostgreSQL Hive metastore.
    public let catalog: any Metastore
    /// Tables whose catalog entry this loop has checked against the table (`checkCatalogOnce`).
    var catalogChecked: Set<String> = []
    /// Data files this loop added to each table (by location) since it last compacted it.
    var filesSinceCompaction: [String: Int] = [:]
    /// Compactions of form and case tables still running after their batch.
    let compactions = BackgroundCompactions()

    /// Opens the catalog the configuration names (`metastore.kind`) and creates its database if needed.
    public init(config: IngestConfig, sources: IngestSources) throws(IngestLoopError) {
        try Self.makeWarehouse(config.warehouse)
        let catalog: any Metastore
        do {
            switch config.metastore {
            case .embedded: catalog = try FileMetastore(warehouse: config.warehouse)
            case .postgres(let url): catalog = try PostgresMetastore(url, warehouse: Self.absolute(config.warehouse))
            }
        } catch { throw .catalog(error) }
        try self.init(config: config, sources: sources, catalog: catalog)
    }

    /// Uses `catalog` (any `Metastore`) and creates the configured database in it if needed.
    public init(config: IngestConfig, sources: IngestSources, catalog: any Metastore) throws(IngestLoopError) {
        try Self.makeWarehouse(config.warehouse)
        self.config = config
        self.sources = sources
        self.catalog = catalog
        router = BatchRouter(config: config)
        pipeline = TransformPipeline(config: config)
        do { _ = try catalog.createDatabase(config.catalogDatabase) } catch {
            guard error == .databaseAlreadyExists(config.catalogDatabase) else { throw .catalog(error) }
        }
    }

    /// The quarantine table's location in the warehouse.
    public var quarantineLocation: String { config.warehouse + "/" + QuarantineRecord.tableName }

    /// Processes one batch. A thrown `IngestLoopError.source` means retry the same batch later: what was
    /// committed before the failure is skipped on the retry by the tables' `txn` versions.
    public mutating func process(_ messages: [IncomingMessage], now: Int64) throws(IngestLoopError) -> BatchStats {
        var stats = BatchStats()
        stats.messages = messages.count
        var clock = PhaseTimes.now()
        let plan = router.route(messages, now: now)
        stats.times.route = PhaseTimes.since(clock)
        clock = PhaseTimes.now()
        var quarantined = plan.quarantined
        var deferred: [(TableHandle, [(appId: String, version: Int64)])] = []
        for group in plan.locationChanges {
            let applied = try applyLocations(group, now: now, stats: &stats)
            quarantined += applied.quarantined
            deferred += applied.deferred
        }
        stats.times.locations = PhaseTimes.since(clock)
        // Each table commits as soon as it is prepared, while the next one is prepared. A failure stops preparing,
        // but the commits already running finish and are booked first.
        let pool = CommitPool(limit: Self.concurrentCommits, winner: Self.winnerColumn)
        var failure: IngestLoopError?
        do throws(IngestLoopError) {
            for work in TableWork.byTable(plan, existing: existingTables) {
                if let c = try prepare(work, now: now, stats: &stats, quarantined: &quarantined) { pool.submit(c) }
            }
        } catch { failure = error }
        clock = PhaseTimes.now()
        let results = pool.finish()
        stats.times.commitWait = PhaseTimes.since(clock)
        let booked = try book(results, stats: &stats, failure: failure)
        clock = PhaseTimes.now()
        try appendQuarantine(quarantined + booked.quarantined, messages: messages, stats: &stats)
        // Only now that their quarantine rows are in: the offsets of tables whose messages were quarantined.
        for (table, txns) in deferred + booked.deferred {
            // One operation at a time per table, as for its data commits.
            compactions.waitFor(table.delta.location)
            try table.recordOffsets(txns)
            stats.commits += 1
        }
        stats.times.quarantine = PhaseTimes.since(clock)
        return stats
    }

    /// Waits for the table compactions still running after the last batch (they change no data): before the
    /// process exits, or before a caller inspects the tables' files. Returns the first failure of one, if any (the
    /// table then keeps its small files until its next compaction).
    @discardableResult
    public func finishCompactions() -> IngestLoopError? {
        compactions.waitForAll()
    }

    static let keyColumn = "_id"
    static let winnerColumn = "server_modified_on"

    /// Tables of a batch committed at once: their commits are independent, and mostly wait for fsyncs.
    static let concurrentCommits = 4

    /// Prepares one table's share of the batch for one commit (a MERGE that also deletes the ids the batch removes,
    /// or a DELETE when nothing is upserted) carrying every partition's next offset as a `txn` action: the messages the table does
    /// not hold yet, their documents fetched and transformed into one column batch, the table created and
    /// registered if new. Nil when the table has nothing to do.
    private mutating func prepare(_ work: TableWork, now: Int64, stats: inout BatchStats,
                                  quarantined: inout [QuarantineRecord]) throws(IngestLoopError) -> TableCommit? {
        var clock = PhaseTimes.now()
        var table = try TableHandle(work.table, warehouse: config.warehouse)
        try checkCatalogOnce(table, stats: &stats)
        stats.times.catalog += PhaseTimes.since(clock)
        var todo: [TableWork.Change] = []
        var txns: [(appId: String, version: Int64)] = []
        for (tp, part) in work.byPartition {
            let fresh = part.filter { $0.routed.message.offset >= table.versions[tp] ?? 0 }
            stats.alreadyApplied += part.count - fresh.count
            guard let next = BatchPreparer.nextOffsets(fresh.map(\.routed))[tp] else { continue }
            txns.append((IngestProgress.appID(tp), next))
            todo += fresh
        }
        guard !txns.isEmpty else { return nil }
        // Partitions one after the other, each in offset order: the resolution equals applying them in turn.
        let resolved = TableWork.resolve(todo)
        var batch: RecordBatch?
        var rows: [TableCommit.Row] = []
        var deferOffsets = false
        if !resolved.upserts.isEmpty {
            let prepared: PreparedTable
            clock = PhaseTimes.now()
            do {
                prepared = try BatchPreparer.prepare(ChangeGroup(key: work.table, changes: resolved.upserts),
                                                     source: &sources.documents, pipeline: &pipeline,
                                                     directory: &sources.locations, now: now)
            } catch { throw .source(error) }
            stats.times.documents += PhaseTimes.since(clock)
            clock = PhaseTimes.now()
            defer { stats.times.columns += PhaseTimes.since(clock) }
            // A field whose new JSON type the column cannot widen to goes in as text (the column becomes string).
            let fitted = TableTypeFit.fitted(prepared.records, to: table.schema,
                                             partitionColumns: config.partitionColumns(for: work.table.topic))
            rows = zip(fitted.records, prepared.recordMessages).map { TableCommit.Row(record: $0, message: $1) }
            var refused: [QuarantineRecord] = []
            (batch, rows) = try Self.columnBatch(rows, table: table.schema, inferred: fitted.inference, refused: &refused, now: now)
            deferOffsets = !prepared.quarantined.isEmpty || !refused.isEmpty
            quarantined += prepared.quarantined + refused
        }
        // Nothing to merge into a table that does not exist: its offsets are recorded once a batch creates it, and
        // the service's progress table covers the messages until then.
        guard table.exists || batch != nil else { return nil }
        if let batch, !table.exists {
            clock = PhaseTimes.now()
            try create(&table, schema: batch.schema)
            stats.tablesCreated += 1
            stats.times.catalog += PhaseTimes.since(clock)
        }
        return TableCommit(table: table, deleteIDs: resolved.deleteIDs, batch: batch, rows: rows, txns: txns,
                           deferOffsets: deferOffsets, compactAfterFiles: config.tables.compactAfterFiles,
                           filesSinceCompaction: filesSinceCompaction[table.delta.location, default: 0], time: now,
                           compactions: compactions)
    }

    /// The bookkeeping after a batch's table commits that needs the loop: statistics, file counts for compaction,
    /// the catalog when a commit evolved a schema. A failed table does not stop the others (each commit carries its
    /// own offsets); the first failure — `failure`, else the first failed commit's — is thrown after the rest are
    /// booked.
    private mutating func book(_ results: [(commit: TableCommit, outcome: Result<TableCommit.Outcome, IngestLoopError>)],
                               stats: inout BatchStats, failure first: IngestLoopError?) throws(IngestLoopError)
        -> (quarantined: [QuarantineRecord], deferred: [(TableHandle, [(appId: String, version: Int64)])]) {
        var failure = first
        var quarantined: [QuarantineRecord] = []
        var deferred: [(TableHandle, [(appId: String, version: Int64)])] = []
        for (commit, result) in results {
            let outcome: TableCommit.Outcome
            switch result {
            case .success(let o): outcome = o
            case .failure(let e):
                failure = failure ?? e
                continue
            }
            stats.commits += outcome.commits
            stats.times += outcome.times
            stats.rowsDeleted += outcome.rowsDeleted
            stats.rowsInserted += outcome.rowsInserted
            stats.rowsUpdated += outcome.rowsUpdated
            quarantined += outcome.quarantined
            if !outcome.deferredTxns.isEmpty { deferred.append((commit.table, outcome.deferredTxns)) }
            let location = commit.table.delta.location
            if outcome.compacted {
                filesSinceCompaction[location] = 0
                stats.compactions += 1
            } else {
                filesSinceCompaction[location, default: 0] += outcome.filesAdded
            }
            var table = commit.table
            if let batch = commit.batch, table.mayEvolve(batch.schema) { try syncCatalog(&table, stats: &stats) }
        }
        if let failure { throw failure }
        return (quarantined, deferred)
    }

    /// MERGEs `batch` by `_id` (creating and registering the table first if needed), then brings the catalog
    /// entry in line if the commit evolved the schema.
    mutating func upsert(_ batch: RecordBatch, into table: inout TableHandle, txns: [(appId: String, version: Int64)], newerBy: String?,
                         stats: inout BatchStats) throws(IngestLoopError) {
        if !table.exists {
            try create(&table, schema: batch.schema)
            stats.tablesCreated += 1
        }
        let r = try table.merge(batch, txns: txns, newerBy: newerBy)
        stats.commits += 1
        filesSinceCompaction[table.delta.location, default: 0] += r.filesAdded
        stats.rowsInserted += r.rowsInserted
        stats.rowsUpdated += r.rowsUpdated
        if table.mayEvolve(batch.schema) { try syncCatalog(&table, stats: &stats) }
    }

    /// Starts compacting the table (`BackgroundCompactions`) once this loop has added `tables.compact_after_files`
    /// files to it, so MERGEs keep probing few files. The table's next operation waits for it (`compactions.waitFor`).
    mutating func compactIfDue(_ table: TableHandle, stats: inout BatchStats) {
        guard Self.compactionDue(limit: config.tables.compactAfterFiles, exists: table.exists,
                                 files: filesSinceCompaction[table.delta.location, default: 0]) else { return }
        compactions.start(table)
        filesSinceCompaction[table.delta.location] = 0
        stats.compactions += 1
    }

    /// Whether a table that got `files` data files since its last compaction is due one (`limit` 0 = never).
    static func compactionDue(limit: Int, exists: Bool, files: Int) -> Bool {
        limit > 0 && exists && files >= limit
    }

    /// One column batch of `records` with inferred types; nil when there are none. A column null in every record
    /// gets the type `table` has for it (else `nullType`'s, else string): a batch where a column happens to be
    /// null must not widen the table's column to string. `inferred`: the schema already inferred over `records`.
    static func recordBatch(_ records: [FlatRecord], table: TableSchema?, inferred: SchemaInference? = nil,
                            nullType: (String) -> FieldType? = { _ in nil }) throws(IngestLoopError) -> RecordBatch? {
        guard !records.isEmpty else { return nil }
        var schema = SchemaInference()
        if let inferred { schema = inferred } else { records.forEach { schema.add($0) } }
        do {
            return try schema.recordBatch(records) { name in
                table?.column(named: name).flatMap { FieldType(storedAs: $0.type) } ?? nullType(name)
            }
        } catch { throw .columnar(error) }
    }

    /// The column batch of `rows` (nil when there are none). Records that cannot be laid out as columns for
    /// reasons of their own are found (`RecordIsolation`), added to `refused` and left out.
    static func columnBatch(_ rows: [TableCommit.Row], table: TableSchema?, inferred: SchemaInference? = nil,
                            refused: inout [QuarantineRecord], now: Int64) throws(IngestLoopError) -> (RecordBatch?, [TableCommit.Row]) {
        do {
            return (try recordBatch(rows.map { $0.record }, table: table, inferred: inferred), rows)
        } catch {
            let failed = try RecordIsolation.isolate(Array(rows.indices)[...], failure: error) { part throws(IngestLoopError) in
                _ = try recordBatch(part.map { rows[$0].record }, table: table)
            }
            let out = Set(failed.map { i, _ in i })
            refused += failed.map { i, e in QuarantineRecord(message: rows[i].message, kind: .writeFailed, error: e, time: now) }
            let kept = rows.indices.filter { !out.contains($0) }.map { rows[$0] }
            return (try recordBatch(kept.map { $0.record }, table: table), kept)
        }
    }

    /// The tables of `domain` and `topic` that exist in the warehouse (deletions search them all).
    private func existingTables(domain: String, topic: ChangeTopic) -> [TableIdentity] {
        let dir = config.warehouse + "/" + TableIdentity.directory(domain: domain, topic: topic)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        // Directory names are already sanitised subtypes, which sanitise to themselves.
        return names.sorted().map { TableIdentity(domain: domain, topic: topic, subtype: $0) }
            .filter { TableIdentity.isTable(at: $0.location(warehouse: config.warehouse), of: domain, topic,
                                            warehouse: config.warehouse) }
    }

    private static func makeWarehouse(_ path: String) throws(IngestLoopError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .warehouse(path: path, reason: error.localizedDescription)
        }
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") || path.contains("://") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
