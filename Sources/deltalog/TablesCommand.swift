import ArgumentParser
import Metastore

/// `deltalog tables [db]`: the registered tables with format, location and schema.
struct TablesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tables", abstract: "List the tables registered in the catalog.")

    @OptionGroup var catalog: CatalogOptions

    @Argument(help: "Only this database (default: every database).")
    var database: String?

    @Option(help: "Only tables whose name matches this pattern (* any run, ? one character, | alternatives).")
    var like: String = "*"

    @Flag(help: "Print every column too.")
    var columns = false

    func run() throws {
        let ms = try catalog.open()
        let databases = try database.map { [$0] } ?? ms.databases()
        for db in databases {
            for name in try ms.tables(in: db, matching: like) {
                let t = try ms.table(db, name)
                let partitions = t.partitionColumns.isEmpty ? "" : " partitioned by (\(t.partitionColumns.joined(separator: ", ")))"
                let version = t.deltaVersion.map { " v\($0)" } ?? ""
                print("\(db).\(name)\t\(t.format.provider)\(version)\t\(t.location)\t\(t.columns.count) columns\(partitions)")
                if columns {
                    for c in t.columns {
                        print("    \(c.name) \(c.type.hiveName)\(c.nullable ? "" : " not null")\(c.comment.map { " -- \($0)" } ?? "")")
                    }
                }
            }
        }
    }
}
