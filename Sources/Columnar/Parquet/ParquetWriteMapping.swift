/// How a SwiftLake type is stored in Parquet: physical type plus logical (and legacy converted) annotation.
enum ParquetWriteMapping {
    static func element(for field: Field) -> ParquetSchemaElement {
        var e = ParquetSchemaElement(name: field.name, type: physical(field.type),
                                     repetition: field.nullable ? .optional : .required)
        e.fieldId = field.id
        switch field.type {
        case .string:
            e.logicalType = .string
            e.convertedType = .utf8
        case .json:
            e.logicalType = .json
            e.convertedType = .json
        case .date:
            e.logicalType = .date
            e.convertedType = .date
        case .timestamp:
            e.logicalType = .timestamp(adjustedToUTC: true, unit: .micros)
            e.convertedType = .timestampMicros
        case .boolean, .int32, .int64, .float32, .float64, .binary:
            break
        }
        return e
    }

    static func physical(_ type: DataType) -> ParquetPhysicalType {
        switch type {
        case .boolean: return .boolean
        case .int32, .date: return .int32
        case .int64, .timestamp: return .int64
        case .float32: return .float
        case .float64: return .double
        case .string, .binary, .json: return .byteArray
        }
    }

    /// The PLAIN encoding of a statistics bound (byte arrays without their length prefix). Zero bounds of
    /// floating columns are written as -0.0 (min) and +0.0 (max), as the format asks.
    static func statisticsBytes(_ v: Value, isMin: Bool) -> [UInt8]? {
        func le<T: FixedWidthInteger>(_ x: T) -> [UInt8] { withUnsafeBytes(of: x.littleEndian) { Array($0) } }
        switch v {
        case .null: return nil
        case let .boolean(b): return [b ? 1 : 0]
        case let .int32(x), let .date(x): return le(x)
        case let .int64(x), let .timestamp(x): return le(x)
        case let .float32(x): return le((x == 0 ? (isMin ? -Float(0) : Float(0)) : x).bitPattern)
        case let .float64(x): return le((x == 0 ? (isMin ? -Double(0) : Double(0)) : x).bitPattern)
        case let .string(s): return Array(s.utf8)
        case let .binary(b): return b
        }
    }

    /// Parquet statistics for a page or chunk; bounds longer than `maxBoundBytes` are left out.
    static func statistics(_ s: ColumnStatistics, maxBoundBytes: Int = 64) -> ParquetStatistics {
        var p = ParquetStatistics()
        p.nullCount = Int64(s.nullCount)
        if let lo = s.min.flatMap({ statisticsBytes($0, isMin: true) }),
           let hi = s.max.flatMap({ statisticsBytes($0, isMin: false) }),
           lo.count <= maxBoundBytes, hi.count <= maxBoundBytes {
            p.minValue = lo
            p.maxValue = hi
        }
        return p
    }
}
