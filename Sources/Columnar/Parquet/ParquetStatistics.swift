/// Min/max and counts of a page or column chunk, as stored in the file. Values are PLAIN-encoded
/// (byte arrays without their length prefix).
package struct ParquetStatistics: Sendable, Equatable {
    /// Deprecated signed-order bounds, kept for old files whose writers set nothing else.
    package var legacyMax: [UInt8]?
    package var legacyMin: [UInt8]?
    package var nullCount: Int64?
    package var distinctCount: Int64?
    package var maxValue: [UInt8]?
    package var minValue: [UInt8]?
    package var isMaxValueExact: Bool?
    package var isMinValueExact: Bool?
    package var nanCount: Int64?

    package init() {}

    init(from r: inout ThriftCompactReader) throws(ParquetError) {
        var s = ParquetStatistics()
        try r.readStruct { r, id, t throws(ParquetError) in
            switch id {
            case 1: s.legacyMax = try r.readBinary(t)
            case 2: s.legacyMin = try r.readBinary(t)
            case 3: s.nullCount = try r.readI64(t)
            case 4: s.distinctCount = try r.readI64(t)
            case 5: s.maxValue = try r.readBinary(t)
            case 6: s.minValue = try r.readBinary(t)
            case 7: s.isMaxValueExact = try r.readBool(t)
            case 8: s.isMinValueExact = try r.readBool(t)
            case 9: s.nanCount = try r.readI64(t)
            default: try r.skip(t)
            }
        }
        self = s
    }

    func writeFields(to w: inout ThriftCompactWriter) {
        if let legacyMax { w.field(1, binary: legacyMax) }
        if let legacyMin { w.field(2, binary: legacyMin) }
        if let nullCount { w.field(3, i64: nullCount) }
        if let distinctCount { w.field(4, i64: distinctCount) }
        if let maxValue { w.field(5, binary: maxValue) }
        if let minValue { w.field(6, binary: minValue) }
        if let isMaxValueExact { w.field(7, bool: isMaxValueExact) }
        if let isMinValueExact { w.field(8, bool: isMinValueExact) }
        if let nanCount { w.field(9, i64: nanCount) }
    }
}
