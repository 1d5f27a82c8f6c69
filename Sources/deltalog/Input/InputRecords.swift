import Ingest

/// Parsed input rows as flat records, with the column types inferred over all of them.
///
/// NDJSON lines go through Ingest's JSON parser and flattener (nested objects become `a__b` columns, ISO
/// dates and date-times become dates and timestamps). CSV cells are typed the same way: empty is null,
/// `true`/`false` boolean, integers int64, other numbers double, ISO dates and date-times temporal, the rest
/// text.
struct InputRecords {
    let records: [FlatRecord]
    let inference: SchemaInference
    /// For error messages: the line each record came from.
    let lines: [Int]
    let source: String

    static func parse(_ bytes: [UInt8], format: InputFormat, source: String) throws -> InputRecords {
        var records: [FlatRecord] = []
        var lines: [Int] = []
        switch format {
        case .ndjson: try ndjson(bytes, source: source, into: &records, lines: &lines)
        case .csv: try csv(bytes, source: source, into: &records, lines: &lines)
        }
        guard !records.isEmpty else { throw CLIError.input(source: source, detail: "no rows") }
        var inference = SchemaInference()
        for r in records { inference.add(r) }
        return InputRecords(records: records, inference: inference, lines: lines, source: source)
    }

    private static func ndjson(_ bytes: [UInt8], source: String, into records: inout [FlatRecord], lines: inout [Int]) throws {
        let parser = JSONParser()
        let flattener = Flattener()
        var lineNumber = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let value: JSONValue
            do { value = try parser.parse(Array(line)) } catch {
                throw CLIError.input(source: source, detail: "line \(lineNumber): \(error)")
            }
            guard case let .object(object) = value else {
                throw CLIError.input(source: source, detail: "line \(lineNumber): expected a JSON object, found \(value.typeName)")
            }
            do { records.append(try flattener.flatten(object)) } catch {
                throw CLIError.input(source: source, detail: "line \(lineNumber): \(error)")
            }
            lines.append(lineNumber)
        }
    }

    private static func csv(_ bytes: [UInt8], source: String, into records: inout [FlatRecord], lines: inout [Int]) throws {
        let rows: [(line: Int, fields: [String])]
        do { rows = try CSVParser.records(bytes) } catch {
            switch error {
            case let .unterminatedQuote(line): throw CLIError.input(source: source, detail: "line \(line): a quoted field is never closed")
            case let .quoteInsideField(line): throw CLIError.input(source: source, detail: "line \(line): a quote inside an unquoted field")
            case let .invalidUTF8(line): throw CLIError.input(source: source, detail: "line \(line): invalid UTF-8")
            }
        }
        guard let header = rows.first else { return }
        for (i, name) in header.fields.enumerated() {
            guard !name.isEmpty else { throw CLIError.input(source: source, detail: "line 1: column \(i + 1) of the header has no name") }
            if header.fields[..<i].contains(name) { throw CLIError.input(source: source, detail: "line 1: column '\(name)' appears twice") }
        }
        let flattener = Flattener()
        for row in rows.dropFirst() {
            guard row.fields.count == header.fields.count else {
                throw CLIError.input(source: source, detail: "line \(row.line): \(row.fields.count) fields, the header has \(header.fields.count)")
            }
            var record = FlatRecord()
            for (name, cell) in zip(header.fields, row.fields) { record[name] = cellValue(cell, flattener) }
            records.append(record)
            lines.append(row.line)
        }
    }

    static func cellValue(_ cell: String, _ flattener: Flattener) -> FieldValue {
        if cell.isEmpty { return .null }
        if cell == "true" { return .bool(true) }
        if cell == "false" { return .bool(false) }
        if let i = Int64(cell) { return .int64(i) }
        if cell.contains(where: \.isNumber), !cell.contains(where: \.isLetter) || cell.lowercased().contains("e"),
           let d = Double(cell), d.isFinite { return .double(d) }
        return flattener.scalar(.string(cell))
    }
}
