import Columnar

/// A column repeating one value (a partition column's value for every row of a file), built from typed
/// buffers rather than a `Value` per row.
enum ConstantColumn {
    static func make(_ v: Value, type: DataType, count n: Int) throws(DeltaLogError) -> Column {
        switch (v, type) {
        case (.null, _): return Column.nulls(type, count: n)
        case let (.int32(x), .int32): return .int32(PrimitiveVector([Int32](repeating: x, count: n)))
        case let (.date(x), .date): return .date(PrimitiveVector([Int32](repeating: x, count: n)))
        case let (.int64(x), .int64): return .int64(PrimitiveVector([Int64](repeating: x, count: n)))
        case let (.timestamp(x), .timestamp): return .timestamp(PrimitiveVector([Int64](repeating: x, count: n)))
        case let (.float64(x), .float64): return .float64(PrimitiveVector([Double](repeating: x, count: n)))
        case let (.float32(x), .float32): return .float32(PrimitiveVector([Float](repeating: x, count: n)))
        case let (.string(s), .string), let (.string(s), .json):
            let one = Array(s.utf8)
            var bytes = [UInt8]()
            bytes.reserveCapacity(one.count * n)
            for _ in 0..<n { bytes.append(contentsOf: one) }
            let vector = BinaryVector(offsets: (0...n).map { $0 * one.count }, bytes: bytes)
            return type == .json ? .json(vector) : .string(vector)
        default:
            var b = ColumnBuilder(type: type, capacity: n)
            do { for _ in 0..<n { try b.append(v) } } catch { throw .columnar(error) }
            return b.finish()
        }
    }
}
