import ArgumentParser
import Columnar
import DeltaLog

/// `deltalog merge TABLE FILE --key COL[,COL] [--when-newer COL] [--delete-where EXPR]`: upserts the file's
/// rows by key.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Upsert the rows of an NDJSON or CSV file by key: matched rows are replaced, new keys inserted.",
        discussion: """
            --when-newer COL replaces a matched row only when the file's COL is at least the table's (or the \
            table's is null), and keeps the newest of duplicate keys in the file. --delete-where EXPR (over the \
            file's columns) deletes the matched rows of the file rows it selects instead, and never inserts them.
            """)

    @OptionGroup var target: TableOptions
    @OptionGroup var input: InputOptions

    @Option(help: "Key columns, comma-separated.")
    var key: String

    @Option(name: .customLong("when-newer"), help: "Replace only when the file's value of this column is at least the table's.")
    var whenNewer: String?

    @Option(name: .customLong("delete-where"), help: "File rows matching EXPR delete their key from the table.")
    var deleteWhere: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let keys = ListOption.flatten([key])
        guard !keys.isEmpty else { throw ValidationError("--key needs at least one column") }
        let location = try target.open()
        let records = try input.records()
        let snapshot = try location.run { t throws(DeltaLogError) in try t.snapshot() }
        let batch = try InputBatchBuilder(input: records, table: snapshot.schema).batch()
        for k in keys where batch.schema.field(named: k) == nil {
            throw CLIError.input(source: records.source, detail: "has no key column '\(k)'")
        }
        if let w = whenNewer, batch.schema.field(named: w) == nil {
            throw CLIError.input(source: records.source, detail: "has no column '\(w)' for --when-newer")
        }
        let deleting = try deleteWhere.map { try ExprBinder.predicate($0, option: "--delete-where", schema: batch.schema) }

        let fresh: MergeCondition? = whenNewer.map { .or(.compare(source: $0, .ge, target: $0), .target(.isNull($0))) }
        var matched: [MatchedClause] = []
        if let deleting {
            let flagged = MergeCondition.source(deleting)
            matched.append(.delete(when: fresh.map { .and(flagged, $0) } ?? flagged))
        }
        matched.append(.update(when: fresh))
        let spec = MergeSpec(keyColumns: keys, whenMatched: matched,
                             whenNotMatched: .insert(when: deleting.map(PredicateTruth.notTrue)), winnerColumn: whenNewer)
        let result = try location.run { t throws(DeltaLogError) in try t.merge([batch], spec) }
        try location.syncCatalog()
        if output.json {
            Console.json(.members([
                ("table", .string(location.label)), ("version", .int(result.commit.version)),
                ("source_rows", .int(result.sourceRows)), ("inserted", .int(result.rowsInserted)),
                ("updated", .int(result.rowsUpdated)), ("deleted", .int(result.rowsDeleted)),
                ("files_touched", .int(result.filesTouched)), ("files_added", .int(result.filesAdded)),
            ]))
        } else {
            Console.out("merged \(result.sourceRows) rows into \(location.label): \(result.rowsInserted) inserted, "
                        + "\(result.rowsUpdated) updated, \(result.rowsDeleted) deleted; version \(result.commit.version)")
        }
    }
}
