import ArgumentParser
import Columnar
import DeltaLog
import Metastore

/// `deltalog create TABLE [--from FILE | --schema JSON | --column name:type ...] [--partition-by a,b]
/// [--format native|parquet] [--location PATH]`: creates a table (registering a `db.table` in the catalog).
struct CreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a table at a path, or as db.table in the catalog; the schema comes from --from FILE (whose rows become the first data), --schema JSON or --column.")

    @OptionGroup var catalog: CatalogOptions

    @Argument(help: "The table: a directory path (containing '/'), or db.table to create and register in the catalog.",
              transform: TableReference.parse)
    var table: TableReference

    @Option(help: "An NDJSON or CSV file (- for standard input): its schema is inferred and its rows written.")
    var from: String?

    @Option(name: .customLong("input-format"), help: "ndjson or csv for --from (default: from the extension, else from the first byte).")
    var inputFormat: InputFormat?

    @Option(help: #"The schema as JSON: {"id": "int64", "name": "string"} or [{"name": "id", "type": "int64", "nullable": false}]."#)
    var schema: String?

    @Option(name: .customLong("column"), help: "A column as name:type[:not-null]; repeat for each column.")
    var columns: [String] = []

    @Option(name: .customLong("partition-by"), help: "Partition columns, comma-separated (or repeated), in order.")
    var partitionBy: [String] = []

    @Option(help: "The directory of a db.table (default: <warehouse>/<db>/<table>).")
    var location: String?

    @Option(help: "Data files: native (SwiftLake columnar, the default) or parquet (readable by Spark with Delta Lake, Trino, delta-rs).")
    var format: TableFormatOption = .native

    @Option(name: .customLong("property"), help: "A table property key=value; repeat as needed.")
    var properties: [String] = []

    @OptionGroup var output: OutputOptions

    func validate() throws {
        let sources = [from != nil, schema != nil, !columns.isEmpty].filter { $0 }.count
        guard sources == 1 else { throw ValidationError("give exactly one of --from FILE, --schema JSON or --column name:type") }
        if location != nil, case .path = table { throw ValidationError("--location is for db.table names; a path is its own location") }
    }

    func run() throws {
        var props: [String: String] = [:]
        for p in properties {
            guard let eq = p.firstIndex(of: "=") else { throw ValidationError("--property '\(p)' is not key=value") }
            props[String(p[..<eq])] = String(p[p.index(after: eq)...])
        }
        let input = try from.map { try InputRecords.load($0, format: inputFormat) }
        let tableSchema: Schema
        if let input {
            tableSchema = try SchemaSpec.schema(input.inference.columns.map { ($0.name, $0.type.dataType, true) })
        } else if let schema {
            tableSchema = try SchemaSpec.schema(try SchemaSpec.json(schema))
        } else {
            tableSchema = try SchemaSpec.schema(try columns.map(SchemaSpec.column))
        }
        let creator = TableCreator(reference: table, catalog: catalog, location: location, schema: tableSchema,
                                   partitionBy: ListOption.flatten(partitionBy), columnarFiles: format.columnarFiles, properties: props)
        let (created, snapshot) = try creator.create()
        var version = snapshot.version
        var rows = 0
        if let input {
            let batch = try InputBatchBuilder(input: input, table: snapshot.schema).batch()
            version = try created.run { t throws(DeltaLogError) in try t.append([batch]) }.version
            rows = batch.rowCount
            try created.syncCatalog()
        }
        if output.json {
            Console.json(.members([("table", .string(created.label)), ("location", .string(created.path)),
                                   ("format", .string(format.columnarFiles ? "native" : "parquet")),
                                   ("columns", .int(tableSchema.count)), ("version", .int(version)), ("rows", .int(rows))]))
        } else {
            Console.out("created \(created.label) at \(created.path) (\(format.columnarFiles ? "native" : "parquet"), "
                        + "\(tableSchema.count) columns)" + (input == nil ? "" : "; wrote \(Plural.count(rows, "row")) as version \(version)"))
        }
    }

    /// Creates the database unless it exists (another process may create it at the same moment).
    static func ensureDatabase(_ name: String, in ms: any Metastore) throws(MetastoreError) {
        do {
            try ms.createDatabase(name)
        } catch {
            guard error == .databaseAlreadyExists(name) else { throw error }
        }
    }
}
