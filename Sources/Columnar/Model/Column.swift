/// A typed column vector: one case per logical type, each holding its values and validity bitmap.
public enum Column: Sendable, Equatable {
    case boolean(BooleanVector)
    case int32(PrimitiveVector<Int32>)
    case int64(PrimitiveVector<Int64>)
    case float32(PrimitiveVector<Float>)
    case float64(PrimitiveVector<Double>)
    case string(BinaryVector)
    case binary(BinaryVector)
    case date(PrimitiveVector<Int32>)
    case timestamp(PrimitiveVector<Int64>)
    case json(BinaryVector)

    public var type: DataType {
        switch self {
        case .boolean: return .boolean
        case .int32: return .int32
        case .int64: return .int64
        case .float32: return .float32
        case .float64: return .float64
        case .string: return .string
        case .binary: return .binary
        case .date: return .date
        case .timestamp: return .timestamp
        case .json: return .json
        }
    }

    public var count: Int {
        switch self {
        case let .boolean(v): return v.count
        case let .int32(v), let .date(v): return v.count
        case let .int64(v), let .timestamp(v): return v.count
        case let .float32(v): return v.count
        case let .float64(v): return v.count
        case let .string(v), let .binary(v), let .json(v): return v.count
        }
    }

    /// The validity bitmap (bit set = present), nil when no row is null.
    public var validity: Bitmap? {
        switch self {
        case let .boolean(v): return v.validity
        case let .int32(v), let .date(v): return v.validity
        case let .int64(v), let .timestamp(v): return v.validity
        case let .float32(v): return v.validity
        case let .float64(v): return v.validity
        case let .string(v), let .binary(v), let .json(v): return v.validity
        }
    }

    public var nullCount: Int { validity.map { $0.count - $0.setCount } ?? 0 }

    public func isNull(_ i: Int) -> Bool { validity.map { !$0[i] } ?? false }

    /// The value of row `i` (`.null` when null). For bulk access use the typed vectors.
    public func value(at i: Int) -> Value {
        if isNull(i) { return .null }
        switch self {
        case let .boolean(v): return .boolean(v.bits[i])
        case let .int32(v): return .int32(v.rawValue(i))
        case let .int64(v): return .int64(v.rawValue(i))
        case let .float32(v): return .float32(v.rawValue(i))
        case let .float64(v): return .float64(v.rawValue(i))
        case let .string(v), let .json(v): return .string(v.string(at: i) ?? "")
        case let .binary(v): return .binary(v.bytes(at: i) ?? [])
        case let .date(v): return .date(v.rawValue(i))
        case let .timestamp(v): return .timestamp(v.rawValue(i))
        }
    }

    /// Rows `range`, sharing storage.
    public func slice(_ range: Range<Int>) -> Column {
        switch self {
        case let .boolean(v): return .boolean(v.slice(range))
        case let .int32(v): return .int32(v.slice(range))
        case let .int64(v): return .int64(v.slice(range))
        case let .float32(v): return .float32(v.slice(range))
        case let .float64(v): return .float64(v.slice(range))
        case let .string(v): return .string(v.slice(range))
        case let .binary(v): return .binary(v.slice(range))
        case let .date(v): return .date(v.slice(range))
        case let .timestamp(v): return .timestamp(v.slice(range))
        case let .json(v): return .json(v.slice(range))
        }
    }

    /// The rows at `indices`, in that order (indices may repeat). Indices must be in range.
    public func take(_ indices: [Int]) -> Column {
        switch self {
        case let .boolean(v): return .boolean(v.take(indices))
        case let .int32(v): return .int32(v.take(indices))
        case let .int64(v): return .int64(v.take(indices))
        case let .float32(v): return .float32(v.take(indices))
        case let .float64(v): return .float64(v.take(indices))
        case let .string(v): return .string(v.take(indices))
        case let .binary(v): return .binary(v.take(indices))
        case let .date(v): return .date(v.take(indices))
        case let .timestamp(v): return .timestamp(v.take(indices))
        case let .json(v): return .json(v.take(indices))
        }
    }

    /// A column of `count` nulls.
    public static func nulls(_ type: DataType, count: Int) -> Column {
        var b = ColumnBuilder(type: type, capacity: count)
        for _ in 0..<count { b.appendNull() }
        return b.finish()
    }

    /// The columns one after another; all must have the same type.
    public static func concatenate(_ columns: [Column], type: DataType) throws(ColumnarError) -> Column {
        if columns.count == 1, let only = columns.first, only.type == type { return only }
        var b = ColumnBuilder(type: type, capacity: columns.reduce(0) { $0 + $1.count })
        for c in columns { try b.append(contentsOf: c) }
        return b.finish()
    }
}
