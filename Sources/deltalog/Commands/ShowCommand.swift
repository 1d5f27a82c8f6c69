import ArgumentParser
import Columnar
import DeltaLog

/// `deltalog show TABLE [--columns a,b] [--where EXPR] [--version N | --timestamp T] [--limit N]
/// [--format table|json|csv]`: the rows, without SQL.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print rows of the table, optionally filtered, projected and time-travelled.",
        discussion: """
            EXPR is 'col op value' joined by 'and' / 'or' (with 'not' and parentheses); op is one of \
            = != < <= > >= 'in (v1, v2)' 'is null' 'is not null'. Text and dates are quoted: \
            "status = 'open' and opened_on >= '2026-01-01'".
            """)

    @OptionGroup var target: TableOptions
    @OptionGroup var version: VersionOptions

    @Option(help: "Only these columns, comma-separated, in this order.")
    var columns: String?

    @Option(name: .customLong("where"), help: "Only rows where EXPR is true.")
    var filter: String?

    @Option(help: "Print at most this many rows.")
    var limit: Int?

    @Option(help: "table, json (one object per line) or csv.")
    var format: RowFormat = .table

    @Flag(help: "The same as --format json.")
    var json = false

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
    }

    func run() throws {
        let location = try target.open()
        let snapshot = try version.snapshot(of: location)
        let logical = try location.run { _ throws(DeltaLogError) in try snapshot.schema.logicalSchema() }
        let names = try columns.map { try Self.columnList($0, option: "--columns", schema: logical) }
        let predicate = try filter.map { try ExprBinder.predicate($0, option: "--where", schema: logical) }
        let scan = try location.run { t throws(DeltaLogError) in try t.scan(snapshot, columns: names, filter: predicate) }
        let format = json ? RowFormat.json : self.format
        let outputFields = (names ?? logical.fields.map(\.name)).compactMap { logical.field(named: $0) }
        var printer = RowPrinter(format: format, fields: outputFields)
        printer.begin()
        var remaining = limit ?? Int.max
        var iterator = try location.run { _ throws(DeltaLogError) in try scan.makeIterator() }
        while remaining > 0, let b = try location.run({ _ throws(DeltaLogError) in try iterator.next() }) {
            let n = min(remaining, b.batch.rowCount)
            printer.rows(b.batch, n)
            remaining -= n
        }
        printer.end()
    }

    /// A comma-separated list of column names, each checked against the schema.
    static func columnList(_ text: String, option: String, schema: Schema) throws -> [String] {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.isEmpty, !names.contains("") else { throw ValidationError("\(option) '\(text)' is not a list of column names") }
        for n in names where schema.field(named: n) == nil {
            throw ValidationError("\(option): no column named '\(n)' (columns: \(schema.fields.map(\.name).joined(separator: ", ")))")
        }
        return names
    }
}
