import Columnar

/// Prints the rows of `show` in one of the row formats. JSON and CSV stream row by row; the table format
/// buffers to align its columns.
struct RowPrinter {
    let format: RowFormat
    let fields: [Field]
    private var table: TextTable
    private var count = 0

    init(format: RowFormat, fields: [Field]) {
        self.format = format
        self.fields = fields
        table = TextTable(fields.map(\.name))
    }

    func begin() {
        if format == .csv { Console.out(CSVWriter.record(fields.map(\.name))) }
    }

    mutating func row(_ batch: RecordBatch, _ r: Int) {
        count += 1
        switch format {
        case .table:
            table.add(fields.map { f in batch.column(named: f.name).map { ValueText.display($0.value(at: r)) } ?? "null" })
        case .csv:
            Console.out(CSVWriter.record(fields.map { f in batch.column(named: f.name).flatMap { ValueText.text($0.value(at: r)) } ?? "" }))
        case .json:
            Console.json(.members(fields.map { f in
                (f.name, batch.column(named: f.name).map { ValueText.json($0.value(at: r), type: f.type) } ?? .null)
            }))
        }
    }

    func end() {
        guard format == .table else { return }
        Console.out(table.rendered)
        Console.out("(\(Plural.count(count, "row")))")
    }
}
