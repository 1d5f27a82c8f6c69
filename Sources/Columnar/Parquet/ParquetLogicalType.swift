/// The unit of a TIME or TIMESTAMP logical type.
package enum ParquetTimeUnit: Int16, Sendable, Equatable {
    case millis = 1, micros = 2, nanos = 3
}

/// Parquet's LogicalType union: the meaning of a leaf's physical values.
package enum ParquetLogicalType: Sendable, Equatable {
    case string, map, list, enumeration, date, json, bson, uuid, float16, null, variant
    case decimal(scale: Int32, precision: Int32)
    case time(adjustedToUTC: Bool, unit: ParquetTimeUnit)
    case timestamp(adjustedToUTC: Bool, unit: ParquetTimeUnit)
    case integer(bitWidth: Int8, signed: Bool)
    /// A member of the union this reader does not know (its field id).
    case other(Int16)

    init(from r: inout ThriftCompactReader) throws(ParquetError) {
        var result: ParquetLogicalType?
        try r.readStruct { r, id, type throws(ParquetError) in
            switch id {
            case 1: result = .string
            case 2: result = .map
            case 3: result = .list
            case 4: result = .enumeration
            case 5:
                var scale: Int32 = 0, precision: Int32?
                try r.readStruct(type) { r, id, t throws(ParquetError) in
                    switch id {
                    case 1: scale = try r.readI32(t)
                    case 2: precision = try r.readI32(t)
                    default: try r.skip(t)
                    }
                }
                guard let precision else { throw ParquetError.missingField(structure: "DecimalType", field: "precision") }
                result = .decimal(scale: scale, precision: precision)
                return
            case 6: result = .date
            case 7, 8:
                var utc = false, unit = ParquetTimeUnit.micros
                try r.readStruct(type) { r, id, t throws(ParquetError) in
                    switch id {
                    case 1: utc = try r.readBool(t)
                    case 2: unit = try Self.readUnit(&r, t)
                    default: try r.skip(t)
                    }
                }
                result = id == 7 ? .time(adjustedToUTC: utc, unit: unit) : .timestamp(adjustedToUTC: utc, unit: unit)
                return
            case 10:
                var width: Int8 = 64, signed = true
                try r.readStruct(type) { r, id, t throws(ParquetError) in
                    switch id {
                    case 1: width = try r.readI8(t)
                    case 2: signed = try r.readBool(t)
                    default: try r.skip(t)
                    }
                }
                result = .integer(bitWidth: width, signed: signed)
                return
            case 11: result = .null
            case 12: result = .json
            case 13: result = .bson
            case 14: result = .uuid
            case 15: result = .float16
            case 16: result = .variant
            default: result = .other(id)
            }
            try r.skip(type)
        }
        guard let result else { throw r.malformed("empty LogicalType union") }
        self = result
    }

    private static func readUnit(_ r: inout ThriftCompactReader, _ type: ThriftType) throws(ParquetError) -> ParquetTimeUnit {
        var unit: ParquetTimeUnit?
        try r.readStruct(type) { r, id, t throws(ParquetError) in
            unit = ParquetTimeUnit(rawValue: id)
            try r.skip(t)
        }
        guard let unit else { throw r.malformed("unknown TimeUnit") }
        return unit
    }

    /// Writes the union's one member field (the caller has opened the union struct).
    func writeMember(to w: inout ThriftCompactWriter) {
        switch self {
        case .string: w.field(1, structure: { _ in })
        case .map: w.field(2, structure: { _ in })
        case .list: w.field(3, structure: { _ in })
        case .enumeration: w.field(4, structure: { _ in })
        case let .decimal(scale, precision):
            w.field(5) { w in
                w.field(1, i32: scale)
                w.field(2, i32: precision)
            }
        case .date: w.field(6, structure: { _ in })
        case let .time(utc, unit), let .timestamp(utc, unit):
            let id: Int16
            if case .time = self { id = 7 } else { id = 8 }
            w.field(id) { w in
                w.field(1, bool: utc)
                w.field(2) { w in w.field(unit.rawValue, structure: { _ in }) }
            }
        case let .integer(width, signed):
            w.field(10) { w in
                w.field(1, i8: width)
                w.field(2, bool: signed)
            }
        case .null: w.field(11, structure: { _ in })
        case .json: w.field(12, structure: { _ in })
        case .bson: w.field(13, structure: { _ in })
        case .uuid: w.field(14, structure: { _ in })
        case .float16: w.field(15, structure: { _ in })
        case .variant: w.field(16, structure: { _ in })
        case let .other(id): w.field(id, structure: { _ in })
        }
    }
}
