import DeltaLog

/// The one-line (or one-object) report of a DELETE or UPDATE.
enum MutationReport {
    static func print(_ r: MutationResult, verb: String, rows: Int, table: String, json: Bool) {
        if json {
            Console.json(.members([
                ("table", .string(table)), ("version", .int(r.commit.version)), ("rows", .int(rows)),
                ("files_touched", .int(r.filesTouched)), ("files_added", .int(r.filesAdded)),
            ]))
        } else {
            Console.out("\(verb) \(Plural.count(rows, "row")) in \(table): version \(r.commit.version)"
                        + " (\(Plural.count(r.filesTouched, "file")) touched, \(r.filesAdded) added)")
        }
    }
}
