import Columnar
import TestSupport

/// Deterministic record batches with every SwiftLake type, nulls, repeats (for dictionaries), sorted and
/// random integers (for delta), NaN and signed zeros, empty and non-ASCII strings.
enum ParquetTestData {
    static func batch(rows: Int, seed: UInt64 = 7) throws -> RecordBatch {
        var rng = SeededGenerator(seed: seed)
        let schema = try Schema([
            Field(name: "id", id: 1, type: .string, nullable: false),
            Field(name: "flag", id: 2, type: .boolean),
            Field(name: "small", id: 3, type: .int32),
            Field(name: "big", id: 4, type: .int64, nullable: false),
            Field(name: "seq", id: 5, type: .int64),
            Field(name: "ratio", id: 6, type: .float32),
            Field(name: "amount", id: 7, type: .float64),
            Field(name: "category", id: 8, type: .string),
            Field(name: "blob", id: 9, type: .binary),
            Field(name: "day", id: 10, type: .date),
            Field(name: "at", id: 11, type: .timestamp),
            Field(name: "doc", id: 12, type: .json),
            Field(name: "text", id: 20, type: .string),
        ])
        var b = RecordBatchBuilder(schema: schema, capacity: rows)
        let words = ["alpha", "beta", "", "gämma", "δέλτα", "x"]
        for i in 0..<rows {
            let r = rng.next()
            let null = r % 9 == 4
            let special: [Double] = [.nan, -0.0, 0.0, .infinity, -.infinity]
            let amount: Value = null ? .null : (i % 97 == 5 ? .float64(special[i % special.count]) : .float64(Double(Int64(bitPattern: r)) / 1e7))
            try b.append(row: [
                .string("id-\(i * 7919 % 1_000_003)"),
                null ? .null : .boolean(r & 1 == 1),
                null ? .null : .int32(Int32(truncatingIfNeeded: r >> 7) % 50),
                .int64(Int64(bitPattern: r)),
                i % 13 == 0 ? .null : .int64(Int64(i) * 1000 + Int64(r % 7)),
                null ? .null : .float32(Float(Int32(truncatingIfNeeded: r >> 20)) / 1024),
                amount,
                null ? .null : .string(words[Int(r % UInt64(words.count))]),
                r % 5 == 0 ? .null : .binary((0..<Int(r % 7)).map { UInt8(truncatingIfNeeded: r >> UInt64($0 * 8)) }),
                null ? .null : .date(Int32(truncatingIfNeeded: r % 40_000) - 10_000),
                null ? .null : .timestamp(1_600_000_000_000_000 + Int64(r % 100_000_000_000)),
                null ? .null : .string("{\"k\":\(i)}"),
                r % 3 == 0 ? .null : .string(String(repeating: "lorem ipsum ", count: Int(r % 20)) + "\(r)"),
            ])
        }
        return try b.finish()
    }
}
