import Foundation

/// How a Parquet leaf's physical values become a SwiftLake column: the target type and the conversion.
///
/// Decimals become `float64` (exact up to 15 significant digits); INT96 and every timestamp unit become
/// microsecond `timestamp`s; TIME becomes `int64` microseconds since midnight; UINT_32 widens to `int64` and
/// UINT_64 keeps its bit pattern in `int64`; UUID becomes its canonical `string`; FLOAT16 becomes `float32`.
struct ParquetReadMapping: Sendable {
    enum Conversion: Sendable {
        case none
        case unsignedInt32
        /// Multiply (positive) or floor-divide (negative factor) by a power of ten.
        case scale(Int64)
        case decimal(scale: Int32)
        case uuid
        case float16
    }

    let type: DataType
    let conversion: Conversion

    init(_ type: DataType, _ conversion: Conversion = .none) {
        self.type = type
        self.conversion = conversion
    }

    /// The mapping of a flat leaf.
    init(leaf: ParquetSchemaTree.Leaf) throws(ParquetError) {
        let e = leaf.element
        let logical = e.logicalType
        let converted = e.convertedType
        func legacyDecimalScale() -> Int32 { e.scale ?? 0 }
        switch leaf.physical {
        case .boolean:
            self.init(.boolean)
        case .int32:
            switch (logical, converted) {
            case (.date?, _), (nil, .date?): self.init(.date)
            case let (.decimal(scale, _)?, _): self.init(.float64, .decimal(scale: scale))
            case (nil, .decimal?): self.init(.float64, .decimal(scale: legacyDecimalScale()))
            case (.integer(32, false)?, _), (nil, .uint32?): self.init(.int64, .unsignedInt32)
            case (.time(_, .millis)?, _), (nil, .timeMillis?): self.init(.int64, .scale(1000))
            default: self.init(.int32)
            }
        case .int64:
            switch (logical, converted) {
            case let (.timestamp(_, unit)?, _): self.init(.timestamp, Self.microScale(unit))
            case (nil, .timestampMillis?): self.init(.timestamp, .scale(1000))
            case (nil, .timestampMicros?): self.init(.timestamp)
            case let (.time(_, unit)?, _): self.init(.int64, Self.microScale(unit))
            case (nil, .timeMicros?): self.init(.int64)
            case let (.decimal(scale, _)?, _): self.init(.float64, .decimal(scale: scale))
            case (nil, .decimal?): self.init(.float64, .decimal(scale: legacyDecimalScale()))
            default: self.init(.int64)
            }
        case .int96:
            self.init(.timestamp)
        case .float:
            self.init(.float32)
        case .double:
            self.init(.float64)
        case .byteArray:
            switch (logical, converted) {
            case (.string?, _), (.enumeration?, _), (nil, .utf8?), (nil, .enumeration?): self.init(.string)
            case (.json?, _), (nil, .json?): self.init(.json)
            case let (.decimal(scale, _)?, _): self.init(.float64, .decimal(scale: scale))
            case (nil, .decimal?): self.init(.float64, .decimal(scale: legacyDecimalScale()))
            default: self.init(.binary)
            }
        case .fixedLenByteArray:
            switch (logical, converted) {
            case (.uuid?, _) where e.typeLength == 16: self.init(.string, .uuid)
            case (.float16?, _) where e.typeLength == 2: self.init(.float32, .float16)
            case let (.decimal(scale, _)?, _): self.init(.float64, .decimal(scale: scale))
            case (nil, .decimal?): self.init(.float64, .decimal(scale: legacyDecimalScale()))
            default: self.init(.binary)
            }
        default:
            throw .unsupported("physical type \(leaf.physical) of \(leaf.dottedPath)")
        }
    }

    private static func microScale(_ unit: ParquetTimeUnit) -> Conversion {
        switch unit {
        case .millis: return .scale(1000)
        case .micros: return .none
        case .nanos: return .scale(-1000)
        }
    }

    /// Builds the column from decoded values.
    func column(from v: LeafValues) throws(ParquetError) -> Column {
        let validity = v.validity.map { Bitmap(words: $0, count: v.count) }
        switch (v.storage, conversion) {
        case (.boolean, _):
            var words = [UInt64](repeating: 0, count: (v.count + 63) >> 6)
            v.booleans.withUnsafeBufferPointer { b in
                for i in 0..<v.count where b[i] != 0 { words[i >> 6] |= 1 << UInt64(i & 63) }
            }
            return .boolean(BooleanVector(Bitmap(words: words, count: v.count), validity: validity))
        case (.int32, .none):
            return type == .date ? .date(PrimitiveVector(trim(v.int32, v.count), validity: validity))
                : .int32(PrimitiveVector(trim(v.int32, v.count), validity: validity))
        case (.int32, .unsignedInt32):
            return .int64(PrimitiveVector(v.int32.prefix(v.count).map { Int64(UInt32(bitPattern: $0)) }, validity: validity))
        case let (.int32, .scale(f)):
            return .int64(PrimitiveVector(v.int32.prefix(v.count).map { Int64($0) &* f }, validity: validity))
        case let (.int32, .decimal(scale)):
            return .float64(PrimitiveVector(v.int32.prefix(v.count).map {
                DecimalConversion.double(unscaled: Int64($0), scale: scale)
            }, validity: validity))
        case (.int64, .none):
            let values = trim(v.int64, v.count)
            return type == .timestamp ? .timestamp(PrimitiveVector(values, validity: validity))
                : .int64(PrimitiveVector(values, validity: validity))
        case let (.int64, .scale(f)):
            var values = trim(v.int64, v.count)
            values.withUnsafeMutableBufferPointer { b in
                if f > 0 {
                    for i in b.indices { b[i] = b[i] &* f }
                } else {
                    let d = -f
                    for i in b.indices {
                        let q = b[i] / d
                        b[i] = (b[i] % d < 0) ? q - 1 : q
                    }
                }
            }
            return type == .timestamp ? .timestamp(PrimitiveVector(values, validity: validity))
                : .int64(PrimitiveVector(values, validity: validity))
        case let (.int64, .decimal(scale)):
            return .float64(PrimitiveVector(v.int64.prefix(v.count).map {
                DecimalConversion.double(unscaled: $0, scale: scale)
            }, validity: validity))
        case (.float, _):
            return .float32(PrimitiveVector(trim(v.float, v.count), validity: validity))
        case (.double, _):
            return .float64(PrimitiveVector(trim(v.double, v.count), validity: validity))
        case (.bytes, .none):
            let offsets = v.offsets.count == v.count + 1 ? v.offsets : Array(v.offsets.prefix(v.count + 1))
            let vector = BinaryVector(offsets: offsets, bytes: v.bytes, validity: validity)
            switch type {
            case .string: return .string(vector)
            case .json: return .json(vector)
            default: return .binary(vector)
            }
        case let (.bytes, .decimal(scale)):
            var out = [Double](repeating: 0, count: v.count)
            v.bytes.withUnsafeBytes { raw in
                for i in 0..<v.count {
                    out[i] = DecimalConversion.double(bigEndian: UnsafeRawBufferPointer(rebasing: raw[v.offsets[i]..<v.offsets[i + 1]]),
                                                      scale: scale)
                }
            }
            return .float64(PrimitiveVector(out, validity: validity))
        case (.bytes, .uuid):
            var b = ColumnBuilder(type: .string, capacity: v.count, byteCapacity: v.count * 36)
            for i in 0..<v.count {
                if let validity, !validity[i] {
                    b.appendNull()
                } else {
                    _ = try? b.append(string: Self.uuidText(v.bytes, v.offsets[i]))
                }
            }
            return b.finish()
        case (.bytes, .float16):
            var out = [Float](repeating: 0, count: v.count)
            for i in 0..<v.count where v.offsets[i + 1] - v.offsets[i] == 2 {
                let bits = UInt16(v.bytes[v.offsets[i]]) | UInt16(v.bytes[v.offsets[i] + 1]) << 8
                out[i] = halfToFloat(bits)
            }
            return .float32(PrimitiveVector(out, validity: validity))
        default:
            throw .unsupported("conversion \(conversion) of \(v.storage) values")
        }
    }

    private func trim<T>(_ a: [T], _ n: Int) -> [T] { a.count == n ? a : Array(a.prefix(n)) }

    static func uuidText(_ bytes: [UInt8], _ start: Int) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(36)
        for k in 0..<16 {
            if k == 4 || k == 6 || k == 8 || k == 10 { out.append(UInt8(ascii: "-")) }
            let b = bytes[start + k]
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// IEEE half precision bits, converted without relying on the platform's Float16 support.
private func halfToFloat(_ h: UInt16) -> Float {
    let sign: UInt32 = UInt32(h >> 15) << 31
    let exponent = Int((h >> 10) & 0x1F)
    let mantissa = UInt32(h & 0x3FF)
    if exponent == 0 {
        let magnitude = Float(mantissa) * pow(2, -24)
        return sign != 0 ? -magnitude : magnitude
    }
    if exponent == 31 { return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13)) }
    return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
}
