import ArgumentParser
import Columnar
import DeltaLog

/// `deltalog update TABLE --set col=value ... [--where EXPR]`.
struct UpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Set columns of the rows where EXPR holds (all rows without --where).",
        discussion: "A --set value is a literal (42, 'text', true, null) or another column's name: --set status='closed' --set closed_on=modified_on")

    @OptionGroup var target: TableOptions

    @Option(name: .customLong("set"), help: "col=value; repeat for each column.")
    var assignments: [String] = []

    @Option(name: .customLong("where"), help: "The rows to update (see 'show --help' for EXPR).")
    var filter: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !assignments.isEmpty else { throw ValidationError("give at least one --set col=value") }
    }

    func run() throws {
        let location = try target.open()
        let snapshot = try location.run { t throws(DeltaLogError) in try t.snapshot() }
        let logical = try location.run { _ throws(DeltaLogError) in try snapshot.schema.logicalSchema() }
        var set: [String: UpdateValue] = [:]
        for a in assignments {
            let (name, value) = try Self.assignment(a, schema: logical)
            set[name] = value
        }
        let predicate = try filter.map { try ExprBinder.predicate($0, option: "--where", schema: logical) }
        let result = try location.run { t throws(DeltaLogError) in try t.update(where: predicate, set: set) }
        MutationReport.print(result, verb: "updated", rows: result.rowsUpdated, table: location.label, json: output.json)
    }

    /// `col=value`: the value as a literal of the column's type, or a column name.
    static func assignment(_ text: String, schema: Schema) throws -> (String, UpdateValue) {
        guard let eq = text.firstIndex(of: "=") else { throw ValidationError("--set '\(text)' is not col=value") }
        let name = text[..<eq].trimmingCharacters(in: .whitespaces)
        let valueText = String(text[text.index(after: eq)...])
        guard let field = schema.field(named: name) else {
            throw ValidationError("--set: no column named '\(name)' (columns: \(schema.fields.map(\.name).joined(separator: ", ")))")
        }
        guard let literal = try ExprParser.literal(valueText, option: "--set \(name)") else {
            let other = valueText.trimmingCharacters(in: .whitespaces)
            guard schema.field(named: other) != nil else {
                throw ValidationError("--set \(name): '\(other)' is neither a value nor a column (quote text: '\(other)')")
            }
            return (name, .column(other))
        }
        let binder = ExprBinder(option: "--set \(name)", source: valueText, schema: schema)
        return (name, .value(try binder.value(literal, for: field)))
    }
}
