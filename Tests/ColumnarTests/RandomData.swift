import Columnar
import TestSupport

/// Random schemas and batches for round-trip and pushdown tests, including the awkward values.
struct RandomData {
    var rng: SeededGenerator

    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    static let strings = ["", "a", "b", "abc", "é", "漢字", "🦆🦆", "z", "a\u{0}b", "Ω≈ç√", "zzzzzzzzzzzzzzzzzzzz"]

    mutating func schema(columns: Int) throws -> Schema {
        let types = DataType.allCases
        return try Schema((0..<columns).map { i in
            Field(name: "c\(i)", id: Int32(i * 3 + 1), type: types[Int.random(in: 0..<types.count, using: &rng)],
                  nullable: Bool.random(using: &rng))
        })
    }

    /// A value of `type`; `cardinality` limits how many distinct values appear (0 = unlimited).
    mutating func value(_ type: DataType, cardinality: Int) -> Value {
        let pick = cardinality > 0 ? Int.random(in: 0..<cardinality, using: &rng) : Int.random(in: 0..<1_000_000, using: &rng)
        let special = Int.random(in: 0..<20, using: &rng) == 0
        switch type {
        case .boolean: return .boolean(pick % 2 == 0)
        case .int32:
            if special { return .int32([Int32.min, .max, 0, -1][pick % 4]) }
            return .int32(Int32(pick) - 500)
        case .date: return .date(special ? [Int32.min, .max][pick % 2] : Int32(pick % 40000) - 10000)
        case .int64:
            if special { return .int64([Int64.min, .max, 0, -1][pick % 4]) }
            return .int64(Int64(pick) * 1_000_003 - 7)
        case .timestamp: return .timestamp(special ? [Int64.min, .max][pick % 2] : 1_600_000_000_000_000 + Int64(pick) * 1_000_000)
        case .float32:
            if special { return .float32([Float.nan, 0.0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude][pick % 6]) }
            return .float32(Float(pick) / 8 - 100)
        case .float64:
            if special { return .float64([Double.nan, 0.0, -0.0, .infinity, -.infinity, .greatestFiniteMagnitude][pick % 6]) }
            return .float64(Double(pick) / 16 - 3000)
        case .string, .json:
            if cardinality > 0 || special { return .string(Self.strings[pick % Self.strings.count] + (cardinality > 0 ? "\(pick)" : "")) }
            let n = Int.random(in: 0..<30, using: &rng)
            return .string(String((0..<n).map { _ in "abcdéf漢🦆 xyz".randomElement(using: &rng) ?? "a" }))
        case .binary:
            if special { return .binary([]) }
            let n = cardinality > 0 ? pick % 7 : Int.random(in: 0..<20, using: &rng)
            return .binary((0..<n).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ pick) })
        }
    }

    /// A batch of `rows` rows; each column gets its own null rate and cardinality.
    mutating func batch(_ schema: Schema, rows: Int, nullRate: Double? = nil) throws -> RecordBatch {
        var columns: [Column] = []
        for f in schema.fields {
            let rate = f.nullable ? (nullRate ?? [0.0, 0.1, 0.5, 0.95, 1.0][Int.random(in: 0..<5, using: &rng)]) : 0
            let card = [0, 1, 3, 50, 1000][Int.random(in: 0..<5, using: &rng)]
            let sorted = Int.random(in: 0..<4, using: &rng) == 0
            var values: [Value] = (0..<rows).map { _ in
                Double.random(in: 0..<1, using: &rng) < rate ? .null : value(f.type, cardinality: card)
            }
            if sorted { values.sort { (Value.compare($0, $1) ?? 0) < 0 } }
            var b = ColumnBuilder(type: f.type)
            for v in values { try b.append(v) }
            columns.append(b.finish())
        }
        return try RecordBatch(schema: schema, columns: columns, rowCount: rows)
    }
}

func roundTrip(_ batches: [RecordBatch], schema: Schema, options: ColumnarWriteOptions = ColumnarWriteOptions()) throws -> (RecordBatch, [UInt8]) {
    let bytes = try ColumnarWriter.write(batches, schema: schema, options: options)
    let read = try ColumnarReader(bytes: bytes).readAll()
    return (read.batch, bytes)
}
