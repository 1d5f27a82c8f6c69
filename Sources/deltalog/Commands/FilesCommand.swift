import ArgumentParser
import DeltaLog

/// `deltalog files TABLE [--version N | --timestamp T]`: the live files.
struct FilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "files", abstract: "List the active files: path, size, rows, partition values and rows deleted by deletion vectors.")

    @OptionGroup var target: TableOptions
    @OptionGroup var version: VersionOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let location = try target.open()
        let s = try version.snapshot(of: location)
        let files = s.files
        if output.json {
            Console.json(.array(files.map { f in
                .members([
                    ("path", .string(f.path)),
                    ("size", .int(f.size)),
                    ("rows", .optional(SnapshotFacts.rows(f))),
                    ("deleted_rows", .int(f.deletionVector?.cardinality ?? 0)),
                    ("partition_values", SnapshotFacts.partitionJSON(f, s)),
                    ("deletion_vector", f.deletionVector.map { d in
                        .members([("storage_type", .string(d.storageType)), ("size", .int(Int64(d.sizeInBytes)))])
                    } ?? .null),
                    ("modified", .string(TimeText.format(millis: f.modificationTime))),
                ])
            }))
            return
        }
        var table = TextTable(["path", "size", "rows", "deleted", "partition"])
        for f in files {
            table.add([f.path, String(f.size), SnapshotFacts.rows(f).map(String.init) ?? "?",
                       String(f.deletionVector?.cardinality ?? 0), SnapshotFacts.partitionText(f, s)])
        }
        Console.out(table.rendered)
        let facts = SnapshotFacts(s)
        Console.out("\(Plural.count(facts.files, "file")), \(facts.bytes) bytes, version \(s.version)")
    }
}
