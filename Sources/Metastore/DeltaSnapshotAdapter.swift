import DeltaLog

extension CatalogTableDefinition {
    /// The catalog's view of a Delta table at `snapshot`: its logical columns (names, types, nullability),
    /// partition columns, version, and data format — columnar when the log's format provider is
    /// `swiftlake`, Parquet otherwise.
    public init(database: String, name: String, location: String, snapshot: Snapshot, properties: [String: String] = [:]) {
        self.init(
            database: database, name: name, location: location,
            format: snapshot.metadata.formatProvider == "swiftlake" ? .columnar : .parquet,
            columns: snapshot.schema.columns.map { CatalogColumn(name: $0.name, type: ColumnType($0.type), nullable: $0.nullable) },
            partitionColumns: snapshot.partitionColumns, properties: properties, deltaVersion: snapshot.version)
    }
}

/// Errors of the two modules a snapshot sync touches.
public enum CatalogSyncError: Error, Sendable, CustomStringConvertible {
    case table(DeltaLogError)
    case catalog(MetastoreError)

    public var description: String {
        switch self {
        case let .table(e): return "\(e)"
        case let .catalog(e): return e.description
        }
    }
}

extension Metastore {
    /// Registers the Delta table at `location` (a local path) as `database.name`, or brings its catalog
    /// entry in line with the table's latest snapshot after schema evolution. Stored properties are kept.
    @discardableResult
    public func sync(_ database: String, _ name: String, deltaTableAt location: String) throws(CatalogSyncError) -> TableRecord {
        let snapshot: Snapshot
        do {
            snapshot = try DeltaTable(path: location).snapshot()
        } catch {
            throw .table(error)
        }
        do {
            return try sync(from: CatalogTableDefinition(database: database, name: name, location: location, snapshot: snapshot))
        } catch {
            throw .catalog(error)
        }
    }
}
