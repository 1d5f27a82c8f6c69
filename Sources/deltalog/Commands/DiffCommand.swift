import ArgumentParser
import DeltaLog

/// `deltalog diff TABLE V1 V2`: which files and how many rows were added, removed or changed between two
/// versions, and by which commits.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show the files and rows added, removed and changed (new deletion vectors) between two versions.")

    @OptionGroup var target: TableOptions

    @Argument(help: "The older version.")
    var from: Int64

    @Argument(help: "The newer version.")
    var to: Int64

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard from >= 0, to >= 0 else { throw ValidationError("versions are 0 or more") }
    }

    struct Change {
        let path: String
        let rowsBefore: Int64
        let rowsAfter: Int64
    }

    func run() throws {
        let location = try target.open()
        let (a, b) = try location.run { t throws(DeltaLogError) in (try t.snapshot(version: from), try t.snapshot(version: to)) }
        let before = Dictionary(a.files.map { ($0.path, $0) }, uniquingKeysWith: { x, _ in x })
        let after = Dictionary(b.files.map { ($0.path, $0) }, uniquingKeysWith: { x, _ in x })
        func live(_ f: AddFile) -> Int64 { (SnapshotFacts.rows(f) ?? 0) - (f.deletionVector?.cardinality ?? 0) }
        let added = b.files.filter { before[$0.path] == nil }
        let removed = a.files.filter { after[$0.path] == nil }
        let changed: [Change] = b.files.compactMap { f in
            guard let old = before[f.path], old.deletionVector?.uniqueId != f.deletionVector?.uniqueId else { return nil }
            return Change(path: f.path, rowsBefore: live(old), rowsAfter: live(f))
        }
        let rowsAdded = added.reduce(0) { $0 + live($1) }
        let rowsRemoved = removed.reduce(0) { $0 + live($1) }
        let rowsDeleted = changed.reduce(0) { $0 + ($1.rowsBefore - $1.rowsAfter) }
        let low = min(from, to), high = max(from, to)
        let commits = try location.run { t throws(DeltaLogError) in try t.commits(after: low).filter { $0.version <= high } }
        let operations = commits.map { "\($0.version) \($0.commitInfo?.operation ?? "?")" }
        if output.json {
            Console.json(.members([
                ("table", .string(location.label)), ("from", .int(from)), ("to", .int(to)),
                ("added", .array(added.map { .members([("path", .string($0.path)), ("rows", .int(live($0))), ("size", .int($0.size))]) })),
                ("removed", .array(removed.map { .members([("path", .string($0.path)), ("rows", .int(live($0))), ("size", .int($0.size))]) })),
                ("changed", .array(changed.map { .members([("path", .string($0.path)), ("rows_before", .int($0.rowsBefore)), ("rows_after", .int($0.rowsAfter))]) })),
                ("rows_added", .int(rowsAdded)), ("rows_removed", .int(rowsRemoved)), ("rows_deleted_in_place", .int(rowsDeleted)),
                ("commits", .array(commits.map { .members([("version", .int($0.version)), ("operation", .optional($0.commitInfo?.operation))]) })),
            ]))
            return
        }
        var out = ["diff \(location.label): version \(from) -> \(to)"]
        for f in added { out.append("+ \(f.path)  \(Plural.count(Int(live(f)), "row"))") }
        for f in removed { out.append("- \(f.path)  \(Plural.count(Int(live(f)), "row"))") }
        for c in changed { out.append("~ \(c.path)  \(c.rowsBefore) -> \(Plural.count(Int(c.rowsAfter), "row"))") }
        out.append("files: \(added.count) added, \(removed.count) removed, \(changed.count) changed")
        out.append("rows: \(rowsAdded) in added files, \(rowsRemoved) in removed files, \(rowsDeleted) deleted in place; "
                   + "net \(rowsAdded - rowsRemoved - rowsDeleted >= 0 ? "+" : "")\(rowsAdded - rowsRemoved - rowsDeleted)")
        out.append("commits: " + (operations.isEmpty ? "none" : operations.joined(separator: ", ")))
        Console.out(out.joined(separator: "\n"))
    }
}
