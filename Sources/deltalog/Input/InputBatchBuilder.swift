import Columnar
import DeltaLog
import Ingest

/// Builds the column batch a write sends to the table. Columns the table has keep the table's type (so
/// `30` read from a file lands in an int32 column as int32, not as an int64 that would widen the table);
/// new columns get the inferred type and evolve the schema.
struct InputBatchBuilder {
    let input: InputRecords
    let table: TableSchema?

    func batch() throws -> RecordBatch {
        let columns = input.inference.columns
        var fields: [Field] = []
        var builders: [ColumnBuilder] = []
        for (i, c) in columns.enumerated() {
            let type = table?.column(named: c.name)?.type ?? c.type.dataType
            fields.append(Field(name: c.name, id: Int32(i + 1), type: type, nullable: true))
            builders.append(ColumnBuilder(type: type, capacity: input.records.count))
        }
        for (r, record) in input.records.enumerated() {
            for (i, c) in columns.enumerated() {
                let v = record[c.name] ?? .null
                guard let value = Self.value(v, as: fields[i].type) else {
                    let line = r < input.lines.count ? input.lines[r] : r + 1
                    throw CLIError.input(source: input.source, detail: "line \(line): column '\(c.name)': \(v.text.map { "'\($0)'" } ?? "null") is not \(LiteralValue.article(fields[i].type)) \(fields[i].type) value")
                }
                do { try builders[i].append(value) } catch {
                    throw CLIError.input(source: input.source, detail: "column '\(c.name)': \(error)")
                }
            }
        }
        do {
            return try RecordBatch(schema: Schema(fields), columns: builders.map { $0.finish() }, rowCount: input.records.count)
        } catch {
            throw CLIError.input(source: input.source, detail: "\(error)")
        }
    }

    /// `v` as a value of `type`: directly when the kinds agree, else through its text form.
    static func value(_ v: FieldValue, as type: DataType) -> Value? {
        switch (v, type) {
        case (.null, _): return .null
        case let (.bool(b), .boolean): return .boolean(b)
        case let (.int64(i), .int64): return .int64(i)
        case let (.int64(i), .int32): return Int32(exactly: i).map(Value.int32)
        case let (.int64(i), .float64): return .float64(Double(i))
        case let (.double(d), .float64): return .float64(d)
        case let (.double(d), .float32): return .float32(Float(d))
        case let (.timestamp(t), .timestamp): return .timestamp(t)
        case let (.date(d), .date): return .date(d)
        case let (.date(d), .timestamp): return HQTime.timestamp(ofDay: d).map(Value.timestamp)
        case let (.string(s), .string), let (.json(s), .json), let (.json(s), .string): return .string(s)
        default: return v.text.flatMap { LiteralValue.parse($0, as: type) }
        }
    }
}
