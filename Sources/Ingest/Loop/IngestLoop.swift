import Columnar
import DeltaLog
import Foundation
import Kafka
import Metastore

/// The ingest loop's write side (issue 9 §2, §5, §6): one batch of messages → routed, prepared, merged into the
/// warehouse's tables with the partitions' offsets as `txn` actions in the same commits, so a redelivered batch
/// changes nothing. Delta commits carry one `txn` each, so a table gets one commit per Kafka partition of a batch.
/// Not yet: location changes (`<domain>_location`), catalog schema sync after evolution, Kafka polling.
public struct IngestLoop {
    public var config: IngestConfig
    public var sources: IngestSources
    public var router: BatchRouter
    public var pipeline: TransformPipeline
    public let catalog: FileMetastore

    /// What one batch did.
    public struct BatchStats: Sendable, Equatable {
        public var messages = 0
        public var tablesCreated = 0
        public var commits = 0
        public var rowsInserted = 0
        public var rowsUpdated = 0
        public var rowsDeleted = 0
        public var quarantined = 0
        /// Messages a table already held (redelivery), not applied again.
        public var alreadyApplied = 0
        public init() {}
    }

    public init(config: IngestConfig, sources: IngestSources) throws(IngestLoopError) {
        self.config = config
        self.sources = sources
        router = BatchRouter(config: config)
        pipeline = TransformPipeline(config: config)
        do {
            try FileManager.default.createDirectory(atPath: config.warehouse, withIntermediateDirectories: true)
        } catch {
            throw .warehouse(path: config.warehouse, reason: error.localizedDescription)
        }
        do { catalog = try FileMetastore(warehouse: config.warehouse) } catch { throw .catalog(error) }
        do { _ = try catalog.createDatabase(config.catalogDatabase) } catch {
            guard error == .databaseAlreadyExists(config.catalogDatabase) else { throw .catalog(error) }
        }
    }

    /// The quarantine table's location in the warehouse.
    public var quarantineLocation: String { config.warehouse + "/" + QuarantineRecord.tableName }

    /// Processes one batch. A thrown `IngestLoopError.source` means retry the same batch later.
    public mutating func process(_ messages: [IncomingMessage], now: Int64) throws(IngestLoopError) -> BatchStats {
        var stats = BatchStats()
        stats.messages = messages.count
        let plan = router.route(messages, now: now)
        var quarantined = plan.quarantined
        // What each table held before this batch: a later group of the batch (a deletion at a lower offset than an
        // upsert just committed) must be judged against this, not against the commit this batch just made.
        var before: [String: [TopicPartition: Int64]] = [:]
        for group in plan.upserts {
            let table = DeltaTable(path: group.key.location(warehouse: config.warehouse))
            let versions = try versionsBefore(table, &before)
            for part in Self.byPartition(group) {
                let todo = IngestProgress.unapplied(part, tableVersions: versions)
                stats.alreadyApplied += part.changes.count - todo.changes.count
                guard !todo.changes.isEmpty else { continue }
                let prepared: PreparedTable
                do {
                    prepared = try BatchPreparer.prepare(todo, source: &sources.documents, pipeline: &pipeline,
                                                         directory: &sources.locations, now: now)
                } catch { throw .source(error) }
                quarantined += prepared.quarantined
                guard let (tp, next) = prepared.nextOffsets.first else { continue }
                let options = WriteOptions(transaction: (IngestProgress.appID(tp), next), allowSchemaEvolution: true)
                // Only quarantined messages: the quarantine table's commit records how far the partition got.
                if prepared.records.isEmpty { continue }
                var schema = SchemaInference()
                prepared.records.forEach { schema.add($0) }
                let batch: RecordBatch
                do { batch = try schema.recordBatch(prepared.records) } catch { throw .columnar(error) }
                if try !exists(table) {
                    try create(table, identity: group.key, schema: batch.schema)
                    stats.tablesCreated += 1
                }
                let winner = batch.schema.field(named: Self.winnerColumn) == nil ? nil : Self.winnerColumn
                do {
                    let r = try table.upsert([batch], keyColumns: [Self.keyColumn], newerBy: winner, options: options)
                    stats.commits += 1
                    stats.rowsInserted += r.rowsInserted
                    stats.rowsUpdated += r.rowsUpdated
                } catch { throw .delta(table: group.key.tableName, error) }
            }
        }
        for group in plan.removals {
            for identity in removalTables(group.key) {
                let table = DeltaTable(path: identity.location(warehouse: config.warehouse))
                guard try exists(table) else { continue }
                let versions = try versionsBefore(table, &before)
                for part in Self.byPartition(group) {
                    let todo = IngestProgress.unapplied(part, tableVersions: versions)
                    stats.alreadyApplied += part.changes.count - todo.changes.count
                    guard !todo.changes.isEmpty, let (tp, next) = BatchPreparer.nextOffsets(todo.changes).first else { continue }
                    let ids = Array(Set(todo.documentIDs)).sorted()
                    do {
                        let keys = try FlatRecord.recordBatch(ids.map { FlatRecord([(Self.keyColumn, .string($0))]) },
                                                              columns: [(Self.keyColumn, .string)])
                        let r = try table.delete(keys: keys, keyColumns: [Self.keyColumn],
                                                 options: WriteOptions(transaction: (IngestProgress.appID(tp), next)))
                        stats.commits += 1
                        stats.rowsDeleted += r.rowsDeleted
                    } catch let e as DeltaLogError { throw .delta(table: identity.tableName, e) }
                    catch let e as ColumnarError { throw .columnar(e) }
                    catch { throw .delta(table: identity.tableName, .invalidArgument("\(error)")) }
                }
            }
        }
        try appendQuarantine(quarantined, messages: messages, stats: &stats)
        return stats
    }

    static let keyColumn = "_id"
    static let winnerColumn = "server_modified_on"

    /// One group per Kafka partition (offset order kept), because a commit carries one `txn`.
    static func byPartition<K>(_ group: ChangeGroup<K>) -> [ChangeGroup<K>] {
        var order: [TopicPartition] = []
        var parts: [TopicPartition: [RoutedChange]] = [:]
        for c in group.changes {
            let tp = c.message.topicPartition
            if parts[tp] == nil { order.append(tp) }
            parts[tp, default: []].append(c)
        }
        return order.map { tp in
            var g = group
            g.changes = parts[tp] ?? []
            return g
        }
    }

    /// The tables a removal searches: the named one, or every table of the domain and topic in the catalog.
    private func removalTables(_ scope: BatchPlan.RemovalScope) -> [TableIdentity] {
        if let t = scope.table { return [t] }
        let dir = config.warehouse + "/" + TableIdentity.directory(domain: scope.domain, topic: scope.topic)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        // Directory names are already sanitised subtypes, which sanitise to themselves.
        return names.sorted().map { TableIdentity(domain: scope.domain, topic: scope.topic, subtype: $0) }
            .filter { TableIdentity.isTable(at: $0.location(warehouse: config.warehouse), of: scope.domain, scope.topic,
                                            warehouse: config.warehouse) }
    }

    private func exists(_ table: DeltaTable) throws(IngestLoopError) -> Bool {
        do { return try table.exists() } catch { throw .delta(table: table.location, error) }
    }

    private func versionsBefore(_ table: DeltaTable, _ cache: inout [String: [TopicPartition: Int64]]) throws(IngestLoopError) -> [TopicPartition: Int64] {
        if let v = cache[table.location] { return v }
        let v = try txnVersions(table)
        cache[table.location] = v
        return v
    }

    private func txnVersions(_ table: DeltaTable) throws(IngestLoopError) -> [TopicPartition: Int64] {
        guard try exists(table) else { return [:] }
        do {
            let s = try table.snapshot()
            var txns: [String: Int64] = [:]
            for t in s.transactions { txns[t.appId] = t.version }
            return IngestProgress.versions(fromTxns: txns)
        } catch { throw .delta(table: table.location, error) }
    }

    private func create(_ table: DeltaTable, identity: TableIdentity, schema: Schema) throws(IngestLoopError) {
        let partitions = config.partitionColumns(for: identity.topic).filter { p in
            guard let f = schema.field(named: p) else { return false }
            return f.type != .json && f.type != .binary
        }
        do {
            let snapshot = try table.create(DeltaLog.TableDefinition(schema: schema, partitionColumns: partitions,
                                                                     name: identity.tableName), ifNotExists: true)
            try register(name: identity.tableName, location: table.location, snapshot: snapshot)
        } catch let e as DeltaLogError { throw .delta(table: identity.tableName, e) }
        catch let e as MetastoreError { throw .catalog(e) }
        catch { throw .delta(table: identity.tableName, .invalidArgument("\(error)")) }
    }

    private func register(name: String, location: String, snapshot: Snapshot) throws(MetastoreError) {
        if (try? catalog.table(config.catalogDatabase, name)) != nil { return }
        do {
            _ = try catalog.createTable(CatalogTableDefinition(database: config.catalogDatabase, name: name,
                                                               location: location, snapshot: snapshot))
        } catch {
            guard error == .tableAlreadyExists(database: config.catalogDatabase, table: name) else { throw error }
        }
    }

    /// Appends quarantine rows, one commit per partition with that partition's next offset of the whole batch, so
    /// the quarantine table also records how far each partition got; rows the table already has are skipped.
    private mutating func appendQuarantine(_ records: [QuarantineRecord], messages: [IncomingMessage],
                                           stats: inout BatchStats) throws(IngestLoopError) {
        guard !records.isEmpty else { return }
        let table = DeltaTable(path: quarantineLocation)
        let versions = try txnVersions(table)
        var next: [TopicPartition: Int64] = [:]
        for m in messages { next[m.topicPartition] = max(next[m.topicPartition] ?? 0, m.offset + 1) }
        var byPartition: [TopicPartition: [QuarantineRecord]] = [:]
        for r in records {
            let tp = TopicPartition(r.topic, r.partition)
            if let v = versions[tp], r.offset < v { stats.alreadyApplied += 1; continue }
            byPartition[tp, default: []].append(r)
        }
        for (tp, rows) in byPartition.sorted(by: { ($0.key.topic, $0.key.partition) < ($1.key.topic, $1.key.partition) }) {
            guard let version = next[tp] else { continue }
            do {
                let batch = try QuarantineRecord.recordBatch(rows)
                if try !exists(table) {
                    let snapshot = try table.create(DeltaLog.TableDefinition(schema: batch.schema,
                                                                             name: QuarantineRecord.tableName), ifNotExists: true)
                    try register(name: QuarantineRecord.tableName, location: table.location, snapshot: snapshot)
                    stats.tablesCreated += 1
                }
                _ = try table.append([batch], options: WriteOptions(transaction: (IngestProgress.appID(tp), version)))
                stats.commits += 1
                stats.quarantined += rows.count
            } catch let e as IngestLoopError { throw e }
            catch let e as DeltaLogError { throw .delta(table: QuarantineRecord.tableName, e) }
            catch let e as ColumnarError { throw .columnar(e) }
            catch let e as MetastoreError { throw .catalog(e) }
            catch { throw .delta(table: QuarantineRecord.tableName, .invalidArgument("\(error)")) }
        }
    }
}
