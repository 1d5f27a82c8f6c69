import Columnar
import DeltaLog
import Metastore

extension IngestLoop {
    /// Creates the table in the configured data format, partitioned by the configured columns it has, and
    /// registers it in the catalog.
    mutating func create(_ table: inout TableHandle, schema: Schema) throws(IngestLoopError) {
        let identity = table.identity
        let partitions = config.partitionColumns(for: identity.topic).filter { p in
            guard let f = schema.field(named: p) else { return false }
            return f.type != .json && f.type != .binary
        }
        let format = config.tables.format(forTable: identity.tableName)
        let snapshot: Snapshot
        do {
            snapshot = try table.delta.create(TableDefinition(schema: schema, partitionColumns: partitions, name: identity.tableName,
                                                              columnarFiles: format.columnarFiles), ifNotExists: true)
        } catch { throw .delta(table: identity.tableName, error) }
        table.exists = true
        table.schema = snapshot.schema
        try register(name: identity.tableName, location: table.delta.location, snapshot: snapshot)
    }

    /// Registers a new table; an entry another process made first is brought in line with `snapshot`.
    func register(name: String, location: String, snapshot: Snapshot) throws(IngestLoopError) {
        let definition = CatalogTableDefinition(database: config.catalogDatabase, name: name, location: location,
                                                snapshot: snapshot)
        do {
            let record = try catalog.createTableIfAbsent(definition)
            if !Self.sameColumns(record, definition) { try catalog.sync(from: definition) }
        } catch { throw .catalog(error) }
    }

    /// After a commit that may have evolved the schema: reads the new snapshot and, if its schema changed (a new
    /// column, a widened type), replaces the catalog entry's columns (`Metastore.sync(from:)`).
    mutating func syncCatalog(_ table: inout TableHandle, stats: inout BatchStats) throws(IngestLoopError) {
        let snapshot: Snapshot
        do { snapshot = try table.delta.snapshot() } catch { throw .delta(table: table.identity.tableName, error) }
        guard snapshot.schema != table.schema else { return }
        table.schema = snapshot.schema
        let definition = CatalogTableDefinition(database: config.catalogDatabase, name: table.identity.tableName,
                                                location: table.delta.location, snapshot: snapshot)
        do { try catalog.sync(from: definition) } catch { throw .catalog(error) }
        stats.catalogUpdates += 1
    }

    /// The first time this loop touches an existing table: if a crash came between a commit and its catalog
    /// update (or registration), the entry no longer matches the table; bring it in line from the snapshot.
    mutating func checkCatalogOnce(_ table: TableHandle, stats: inout BatchStats) throws(IngestLoopError) {
        guard table.exists, catalogChecked.insert(table.delta.location).inserted else { return }
        let name = table.identity.tableName
        let snapshot: Snapshot
        do { snapshot = try table.delta.snapshot() } catch { throw .delta(table: name, error) }
        let definition = CatalogTableDefinition(database: config.catalogDatabase, name: name, location: table.delta.location,
                                                snapshot: snapshot)
        do {
            let record = try? catalog.table(config.catalogDatabase, name)
            guard record.map({ !Self.sameColumns($0, definition) }) ?? true else { return }
            try catalog.sync(from: definition)
            stats.catalogUpdates += 1
        } catch { throw .catalog(error) }
    }

    /// Whether the catalog's entry has the definition's columns (order aside: the catalog puts partition columns
    /// last).
    static func sameColumns(_ record: TableRecord, _ definition: CatalogTableDefinition) -> Bool {
        Dictionary(record.columns.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
            == Dictionary(definition.columns.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
    }
}
