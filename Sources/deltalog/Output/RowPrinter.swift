import Columnar

/// Prints the rows of `show` in one of the row formats. JSON and CSV stream row by row; the table format
/// buffers to align its columns.
struct RowPrinter {
    let format: RowFormat
    let fields: [Field]
    private var table: TextTable
    private var count = 0
    private var out = OutputBuffer()

    init(format: RowFormat, fields: [Field]) {
        self.format = format
        self.fields = fields
        table = TextTable(fields.map(\.name))
    }

    mutating func begin() {
        if format == .csv { out.line(CSVWriter.record(fields.map(\.name))) }
    }

    /// The first `n` rows of `batch`.
    mutating func rows(_ batch: RecordBatch, _ n: Int) {
        let columns = fields.map { batch.column(named: $0.name) }
        for r in 0..<n {
            count += 1
            switch format {
            case .table:
                table.add(columns.map { c in c.map { ValueText.display($0.value(at: r)) } ?? "null" })
            case .csv:
                out.line(CSVWriter.record(columns.map { c in c.flatMap { ValueText.text($0.value(at: r)) } ?? "" }))
            case .json:
                out.line(Json.members(zip(fields, columns).map { f, c in
                    (f.name, c.map { ValueText.json($0.value(at: r), type: f.type) } ?? .null)
                }).jsonText)
            }
        }
    }

    mutating func end() {
        guard format == .table else { return out.flush() }
        out.line(table.rendered)
        out.flush()
        Console.out("(\(Plural.count(count, "row")))")
    }
}
