import Columnar

/// Which types a column may change between without rewriting files, and the casts that read old files
/// (and narrower incoming data) as the wider type. Lattice: int32 → int64 → float64, int32 → float64,
/// float32 → float64, date → timestamp, json ↔ string, and — SwiftLake's extension — any type → string.
public enum TypeWidening {
    /// The narrowest type both `a` and `b` widen to, or nil when they are irreconcilable.
    public static func common(_ a: DataType, _ b: DataType) -> DataType? {
        if a == b { return a }
        switch (a, b) {
        case (.int32, .int64), (.int64, .int32): return .int64
        case (.int32, .float64), (.float64, .int32), (.int64, .float64), (.float64, .int64),
             (.float32, .float64), (.float64, .float32), (.int32, .float32), (.float32, .int32),
             (.int64, .float32), (.float32, .int64):
            return .float64
        case (.date, .timestamp), (.timestamp, .date): return .timestamp
        case (.string, _), (_, .string), (.json, _), (_, .json): return .string
        default: return nil
        }
    }

    /// `column` as `type`; `type` must be `common(column.type, type)`.
    public static func cast(_ column: Column, to type: DataType) throws(DeltaLogError) -> Column {
        if column.type == type { return column }
        switch (column, type) {
        case let (.json(v), .string): return .string(v)
        case let (.string(v), .json): return .json(v)
        case let (.int32(v), .int64): return .int64(map(v) { Int64($0) })
        case let (.int32(v), .float64): return .float64(map(v) { Double($0) })
        case let (.int64(v), .float64): return .float64(map(v) { Double($0) })
        case let (.float32(v), .float64): return .float64(map(v) { Double($0) })
        case let (.date(v), .timestamp): return .timestamp(map(v) { Int64($0) * 86_400_000_000 })
        case (_, .string):
            var b = ColumnBuilder(type: .string, capacity: column.count)
            for i in 0..<column.count {
                let v = column.value(at: i)
                if v.isNull { b.appendNull(); continue }
                do { try b.append(string: text(v)) } catch { throw .columnar(error) }
            }
            return b.finish()
        default:
            throw .schemaMismatch(columns: ["cannot cast \(column.type) to \(type)"])
        }
    }

    private static func map<A, B>(_ v: PrimitiveVector<A>, _ f: (A) -> B) -> PrimitiveVector<B> {
        let out = v.withUnsafeBufferPointer { buf in buf.map(f) }
        return PrimitiveVector(out, validity: v.validity)
    }

    /// The text a value becomes in a string column.
    static func text(_ v: Value) -> String {
        switch v {
        case let .string(s): return s
        case let .binary(b): return String(decoding: b, as: UTF8.self)
        case let .date(d): return DateCoding.formatDate(d)
        case let .timestamp(t): return DateCoding.formatTimestamp(t, separator: "T", zulu: true)
        default: return PartitionPath.serialize(v) ?? ""
        }
    }
}
