/// The catalog: maps `database.table` to a location, a data format and a schema.
///
/// Two backends implement it with the same behaviour: `PostgresMetastore` (the Hive Metastore 2.3 schema,
/// so Spark, Hive and Trino see the tables) and `FileMetastore` (embedded, under `<warehouse>/_catalog/`).
/// Every change is atomic, and safe against other processes using the same catalog.
public protocol Metastore: Sendable {
    // MARK: databases

    /// Creates a database; `location` nil means `<warehouse>/<name>.db`.
    @discardableResult
    func createDatabase(_ name: String, location: String?, comment: String?, properties: [String: String]) throws(MetastoreError) -> DatabaseRecord
    func database(_ name: String) throws(MetastoreError) -> DatabaseRecord
    /// Database names matching a `NamePattern`, sorted.
    func databases(matching pattern: String) throws(MetastoreError) -> [String]
    /// Drops an empty database, or with `cascade` its tables too (metadata only).
    func dropDatabase(_ name: String, cascade: Bool) throws(MetastoreError)

    // MARK: tables

    /// Registers a table; `tableAlreadyExists` if the name is taken.
    @discardableResult
    func createTable(_ definition: CatalogTableDefinition) throws(MetastoreError) -> TableRecord
    func table(_ database: String, _ name: String) throws(MetastoreError) -> TableRecord
    /// Table names of `database` matching a `NamePattern`, sorted.
    func tables(in database: String, matching pattern: String) throws(MetastoreError) -> [String]
    /// Reads the table, applies `change`, validates and stores the result, all under one lock or
    /// transaction so concurrent changes are serialised rather than lost. `change` may not rename.
    @discardableResult
    func alterTable(_ database: String, _ name: String, _ change: (inout CatalogTableDefinition) throws(MetastoreError) -> Void) throws(MetastoreError) -> TableRecord
    func renameTable(_ database: String, _ name: String, to newName: String) throws(MetastoreError)
    /// Removes the table from the catalog; with `purge` also deletes a `file:` location's data.
    func dropTable(_ database: String, _ name: String, purge: Bool) throws(MetastoreError)
}

extension Metastore {
    @discardableResult
    public func createDatabase(_ name: String, location: String? = nil, comment: String? = nil) throws(MetastoreError) -> DatabaseRecord {
        try createDatabase(name, location: location, comment: comment, properties: [:])
    }

    public func databases() throws(MetastoreError) -> [String] { try databases(matching: "*") }

    public func tables(in database: String) throws(MetastoreError) -> [String] { try tables(in: database, matching: "*") }

    /// Creates the table, or returns the one already registered under that name (which may differ).
    @discardableResult
    public func createTableIfAbsent(_ definition: CatalogTableDefinition) throws(MetastoreError) -> TableRecord {
        do {
            return try createTable(definition)
        } catch .tableAlreadyExists {
            return try table(definition.database, definition.name)
        }
    }

    /// Replaces the columns and partition columns.
    @discardableResult
    public func setSchema(_ database: String, _ name: String, columns: [CatalogColumn], partitionColumns: [String]) throws(MetastoreError) -> TableRecord {
        try alterTable(database, name) { d throws(MetastoreError) in
            d.columns = columns
            d.partitionColumns = partitionColumns
        }
    }

    /// Sets properties; a nil value removes the key.
    @discardableResult
    public func setProperties(_ database: String, _ name: String, _ changes: [String: String?]) throws(MetastoreError) -> TableRecord {
        try alterTable(database, name) { d throws(MetastoreError) in
            for (key, value) in changes { d.properties[key] = value }
        }
    }

    @discardableResult
    public func setLocation(_ database: String, _ name: String, _ location: String) throws(MetastoreError) -> TableRecord {
        try alterTable(database, name) { d throws(MetastoreError) in d.location = location }
    }

    /// Brings the stored table in line with `definition` (taken from the table's current snapshot after
    /// schema evolution): columns, partition columns, format, location and Delta version are replaced; the
    /// definition's properties are merged over the stored ones. Creates the table if it is not registered.
    @discardableResult
    public func sync(from definition: CatalogTableDefinition) throws(MetastoreError) -> TableRecord {
        do {
            return try alterTable(definition.database, definition.name) { d throws(MetastoreError) in
                d.columns = definition.columns
                d.partitionColumns = definition.partitionColumns
                d.format = definition.format
                d.location = definition.location
                d.deltaVersion = definition.deltaVersion
                d.properties.merge(definition.properties) { _, new in new }
            }
        } catch .tableNotFound {
            return try createTableIfAbsent(definition)
        }
    }
}
