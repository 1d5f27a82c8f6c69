/// Opens the catalog a command-line `--metastore` value names.
public enum MetastoreLocation {
    /// Whether `value` names a PostgreSQL database (a `postgresql://` / `postgres://` URL or a libpq
    /// conninfo string) rather than a warehouse directory.
    public static func isPostgres(_ value: String) -> Bool {
        value.hasPrefix("postgresql://") || value.hasPrefix("postgres://") || value.contains("dbname=") || value.contains("host=")
    }

    /// The catalog for `metastore`: PostgreSQL when it is a URL or conninfo (with `warehouse` as the root of
    /// default database locations), else the embedded catalog of the warehouse directory it names.
    /// `metastore` nil means the embedded catalog of `warehouse`.
    public static func open(_ metastore: String?, warehouse: String) throws(MetastoreError) -> any Metastore {
        guard let metastore else { return try FileMetastore(warehouse: warehouse) }
        if isPostgres(metastore) { return try PostgresMetastore(metastore, warehouse: absolute(warehouse)) }
        return try FileMetastore(warehouse: metastore)
    }

    private static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/"), !path.contains(":") else { return path }
        return FileMetastore.currentDirectory() + "/" + path
    }
}
