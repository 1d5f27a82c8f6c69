import ArgumentParser
import DeltaLog

/// `deltalog describe TABLE`: schema, partitioning, properties, protocol, version and size.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Show a table's schema (types, field ids, nullability), partition columns, properties, protocol and features, version, files, rows and bytes.")

    @OptionGroup var target: TableOptions
    @OptionGroup var version: VersionOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let location = try target.open()
        let s = try version.snapshot(of: location)
        let facts = SnapshotFacts(s)
        let p = s.protocolAction
        let features = Array(Set((p.readerFeatures ?? []) + (p.writerFeatures ?? []))).sorted()
        if output.json {
            Console.json(.members([
                ("table", .string(location.label)),
                ("location", .string(location.path)),
                ("version", .int(s.version)),
                ("committed", .string(TimeText.format(millis: s.timestamp))),
                ("format", .string(SnapshotFacts.format(s))),
                ("id", .string(s.metadata.id)),
                ("name", .optional(s.metadata.name)),
                ("columns", .array(s.schema.columns.map { c in
                    .members([("name", .string(c.name)), ("type", .string(c.type.description)), ("id", .int(Int64(c.id))),
                              ("nullable", .bool(c.nullable)), ("physical_name", .string(c.physicalName))])
                })),
                ("partition_columns", .array(s.partitionColumns.map(Json.string))),
                ("properties", .map(s.configuration)),
                ("protocol", .members([
                    ("min_reader_version", .int(p.minReaderVersion)), ("min_writer_version", .int(p.minWriterVersion)),
                    ("reader_features", .array((p.readerFeatures ?? []).map(Json.string))),
                    ("writer_features", .array((p.writerFeatures ?? []).map(Json.string))),
                ])),
                ("files", .int(facts.files)),
                ("bytes", .int(facts.bytes)),
                ("rows", .optional(facts.rows)),
                ("rows_hidden_by_deletion_vectors", .int(facts.rowsHiddenByDeletionVectors)),
            ]))
            return
        }
        var out = ["table: \(location.label)", "location: \(location.path)",
                   "version: \(s.version) (committed \(TimeText.format(millis: s.timestamp)))",
                   "format: \(SnapshotFacts.format(s))"]
        if let name = s.metadata.name { out.append("name: \(name)") }
        out.append("protocol: reader \(p.minReaderVersion), writer \(p.minWriterVersion)"
                   + (features.isEmpty ? "" : "; features: \(features.joined(separator: ", "))"))
        out.append("columns:")
        var columns = TextTable(["  id", "name", "type", "nullable"])
        for c in s.schema.columns {
            columns.add(["  \(c.id)", c.name, c.type.description, c.nullable ? "yes" : "no"])
        }
        out.append(columns.rendered)
        out.append("partition columns: " + (s.partitionColumns.isEmpty ? "none" : s.partitionColumns.joined(separator: ", ")))
        out.append("properties:" + (s.configuration.isEmpty ? " none" : ""))
        for k in s.configuration.keys.sorted() { out.append("  \(k) = \(s.configuration[k] ?? "")") }
        out.append("files: \(facts.files), bytes: \(facts.bytes), rows: \(facts.rows.map(String.init) ?? "unknown"), "
                   + "rows hidden by deletion vectors: \(facts.rowsHiddenByDeletionVectors)")
        Console.out(out.joined(separator: "\n"))
    }
}
