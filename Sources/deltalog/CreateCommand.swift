import ArgumentParser
import Columnar
import DeltaLog
import Metastore

/// `deltalog create db.table --column name:type ... [--partition-by col] [--location PATH]`: creates the Delta
/// table and registers it (creating the database when it does not exist yet).
struct CreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a Delta table and register it in the catalog.")

    @OptionGroup var catalog: CatalogOptions

    @Argument(help: "The table, as db.table.", transform: QualifiedTableName.parse)
    var table: QualifiedTableName

    @Option(name: .customLong("column"), help: "A column as name:type[:not-null]; type is a SwiftLake type (int64, string, …) or a Hive one (bigint, …). Repeat for each column.")
    var columns: [String] = []

    @Option(name: .customLong("partition-by"), help: "A partition column; repeat in partition order.")
    var partitionBy: [String] = []

    @Option(help: "The table's directory (default: <warehouse>/<db>/<table>).")
    var location: String?

    @Option(help: "Data file format: columnar (SwiftLake's own) or parquet (readable by Spark with Delta Lake, Trino).")
    var format: String = "columnar"

    @Option(name: .customLong("property"), help: "A table property key=value; repeat as needed.")
    var properties: [String] = []

    func run() throws {
        guard format == "columnar" || format == "parquet" else { throw ValidationError("--format must be columnar or parquet") }
        guard !columns.isEmpty else { throw ValidationError("give at least one --column name:type") }
        let schema: Schema
        do {
            schema = try Schema(columns: try columns.map(Self.parseColumn))
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError("\(error)")
        }
        var props: [String: String] = [:]
        for p in properties {
            guard let eq = p.firstIndex(of: "=") else { throw ValidationError("--property '\(p)' is not key=value") }
            props[String(p[..<eq])] = String(p[p.index(after: eq)...])
        }
        let ms = try catalog.open()
        let path = location.map(CatalogOptions.absolute) ?? "\(catalog.absoluteWarehouse)/\(table.database)/\(table.table)"
        // Everything the catalog would refuse is refused before the Delta table exists.
        try CatalogTableDefinition(database: table.database, name: table.table, location: path,
                                   format: format == "columnar" ? .columnar : .parquet, columns: [CatalogColumn](schema),
                                   partitionColumns: partitionBy, properties: props).validate()
        try Self.ensureDatabase(table.database, in: ms)
        if (try? ms.table(table.database, table.table)) != nil {
            throw MetastoreError.tableAlreadyExists(database: table.database, table: table.table)
        }
        let snapshot: Snapshot
        do {
            snapshot = try DeltaTable(path: path).create(DeltaLog.TableDefinition(
                schema: schema, partitionColumns: partitionBy, properties: props, name: table.table,
                columnarFiles: format == "columnar"))
        } catch {
            throw ValidationError("\(path): \(error)")
        }
        let record = try ms.createTable(CatalogTableDefinition(
            database: table.database, name: table.table, location: path, snapshot: snapshot, properties: props))
        print("created \(table) at \(record.location) (\(record.format.provider), \(record.columns.count) columns)")
    }

    /// Creates the database unless it exists (another process may create it at the same moment).
    static func ensureDatabase(_ name: String, in ms: any Metastore) throws(MetastoreError) {
        do {
            try ms.createDatabase(name)
        } catch {
            guard error == .databaseAlreadyExists(name) else { throw error }
        }
    }

    /// `name:type[:not-null]`.
    static func parseColumn(_ spec: String) throws -> (String, DataType, Bool) {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || (parts.count == 3 && parts[2] == "not-null"), !parts[0].isEmpty else {
            throw ValidationError("--column '\(spec)' is not name:type[:not-null]")
        }
        let type = DataType(name: parts[1]) ?? (try? ColumnType(hiveName: parts[1]))?.columnarType
        guard let type else { throw ValidationError("--column '\(spec)': unknown type '\(parts[1])'") }
        return (parts[0], type, parts.count == 2)
    }
}
