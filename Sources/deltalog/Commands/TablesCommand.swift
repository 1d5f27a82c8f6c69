import ArgumentParser
import Metastore

/// `deltalog tables [db]`: the registered tables with format, version, location and schema.
struct TablesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tables", abstract: "List the databases and tables in the catalog, with their locations.")

    @OptionGroup var catalog: CatalogOptions

    @Argument(help: "Only this database (default: every database).")
    var database: String?

    @Option(help: "Only tables whose name matches this pattern (* any run, ? one character, | alternatives).")
    var like: String = "*"

    @Flag(help: "Print every column too.")
    var columns = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        let ms = try catalog.open()
        var records: [TableRecord] = []
        var databases: [String] = []
        do {
            databases = try database.map { [$0] } ?? ms.databases()
            for db in databases {
                for name in try ms.tables(in: db, matching: like) { records.append(try ms.table(db, name)) }
            }
        } catch {
            throw CLIError.catalog("\(error)")
        }
        if output.json {
            Console.json(.array(records.map { t in
                var members: [(String, Json)] = [
                    ("database", .string(t.database)), ("table", .string(t.name)), ("location", .string(t.location)),
                    ("format", .string(t.format.provider)), ("version", .optional(t.deltaVersion)),
                    ("partition_columns", .array(t.partitionColumns.map(Json.string))),
                ]
                if columns {
                    members.append(("columns", .array(t.columns.map { c in
                        .members([("name", .string(c.name)), ("type", .string(c.type.hiveName)), ("nullable", .bool(c.nullable))])
                    })))
                }
                return .members(members)
            }))
            return
        }
        var table = TextTable(["table", "format", "version", "columns", "partitioned by", "location"])
        for t in records {
            table.add(["\(t.database).\(t.name)", t.format.provider, t.deltaVersion.map(String.init) ?? "-", String(t.columns.count),
                       t.partitionColumns.isEmpty ? "-" : t.partitionColumns.joined(separator: ","), t.location])
            if columns {
                for c in t.columns { table.add(["  \(c.name)", c.type.hiveName + (c.nullable ? "" : " not null"), "", "", "", ""]) }
            }
        }
        Console.out(table.rendered)
        // Databases without (matching) tables would otherwise not show at all.
        Console.out("databases: " + (databases.isEmpty ? "none" : databases.map { db in
            "\(db) (\(Plural.count(records.filter { $0.database == db }.count, "table")))"
        }.joined(separator: ", ")))
    }
}
