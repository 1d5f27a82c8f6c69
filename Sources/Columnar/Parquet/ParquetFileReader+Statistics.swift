extension ParquetFileReader {
    /// The flat columns that carry a bloom filter in at least one row group (whatever hash they use), so that a
    /// rewrite of the file (compaction) can keep them.
    public var bloomFilterColumns: [String] {
        zip(schema.fields, fields).compactMap { field, plan in
            guard plan.mapping != nil, let leaf = plan.leaves.first else { return nil }
            let stored = metadata.rowGroups.contains { g in leaf < g.columns.count && g.columns[leaf].metaData.bloomFilterOffset != nil }
            return stored ? field.name : nil
        }
    }

    /// The bloom filter stored for a flat column in row group `rowGroup`, or nil when the writer stored none or
    /// when the column's stored values differ from its SwiftLake values (e.g. nanosecond timestamps, INT96,
    /// decimals), since the filter hashes the stored form and probing it with SwiftLake values would miss.
    public func bloomFilter(rowGroup: Int, column name: String) throws(ParquetError) -> SplitBlockBloomFilter? {
        guard metadata.rowGroups.indices.contains(rowGroup) else {
            throw .schemaMismatch("row group \(rowGroup) of \(rowGroupCount)")
        }
        guard let f = schema.index(of: name), fields[f].mapping != nil, let leaf = fields[f].leaves.first else {
            throw .schemaMismatch("no flat column named '\(name)'")
        }
        let meta = metadata.rowGroups[rowGroup].columns[leaf].metaData
        guard let offset = meta.bloomFilterOffset, fields[f].mapping?.hashesLikeStored(tree.leaves[leaf].physical) == true else {
            return nil
        }
        let fileSize = source.size
        // Old writers omit the length; then read up to the largest filter plus a generous header allowance.
        let length = meta.bloomFilterLength.map(Int.init) ?? Swift.min(SplitBlockBloomFilter.maximumBytes + 256,
                                                                        fileSize - Int(Swift.max(offset, 0)))
        guard offset >= 4, length > 0, Int64(length) <= Int64(fileSize) - offset else {
            throw .invalidMetadata("column \(name): bloom filter at \(offset)+\(length) outside the file")
        }
        let bytes = try Self.read(source, path, offset: Int(offset), count: length)
        return try bytes.withRawBytes { raw throws(ParquetError) in try SplitBlockBloomFilter(parsing: raw) }
    }

    /// The statistics a writer stored for each field in row group `rowGroup` (nil for a field without them, or
    /// for nested fields), decoded into SwiftLake values. Bounds are trusted only when the file declares
    /// type-defined column orders, except for integer, date and timestamp columns whose signed order never varied.
    public func statistics(rowGroup: Int) throws(ParquetError) -> [ColumnStatistics?] {
        guard metadata.rowGroups.indices.contains(rowGroup) else {
            throw .schemaMismatch("row group \(rowGroup) of \(rowGroupCount)")
        }
        let group = metadata.rowGroups[rowGroup]
        return fields.map { plan -> ColumnStatistics? in
            guard let mapping = plan.mapping, let leaf = plan.leaves.first,
                  let stats = group.columns[leaf].metaData.statistics, let nulls = stats.nullCount else { return nil }
            var out = ColumnStatistics(valueCount: Int(group.numRows), nullCount: Int(nulls))
            let trusted = metadata.hasTypeDefinedColumnOrders || mapping.type.isInteger
            if trusted, let lo = stats.minValue ?? stats.legacyMin, let hi = stats.maxValue ?? stats.legacyMax {
                out.min = mapping.statisticsValue(lo, leaf: tree.leaves[leaf])
                out.max = mapping.statisticsValue(hi, leaf: tree.leaves[leaf])
                if out.min == nil || out.max == nil {
                    out.min = nil
                    out.max = nil
                }
            }
            return out
        }
    }
}

extension ParquetReadMapping {
    /// Whether a SwiftLake value hashes like the PLAIN encoding of the stored value.
    func hashesLikeStored(_ physical: ParquetPhysicalType) -> Bool {
        guard case .none = conversion else { return false }
        switch physical {
        case .boolean, .int32, .int64, .float, .double, .byteArray: return true
        default: return false
        }
    }

    /// A PLAIN-encoded statistics bound as a SwiftLake value, or nil when it cannot be mapped exactly.
    func statisticsValue(_ bytes: [UInt8], leaf: ParquetSchemaTree.Leaf) -> Value? {
        func le<T: FixedWidthInteger>(_: T.Type) -> T? {
            guard bytes.count == MemoryLayout<T>.size else { return nil }
            return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(as: T.self)) }
        }
        switch (leaf.physical, conversion) {
        case (.boolean, _): return bytes.count == 1 ? .boolean(bytes[0] != 0) : nil
        case (.int32, .none): return le(Int32.self).map { type == .date ? .date($0) : .int32($0) }
        case (.int64, .none): return le(Int64.self).map { type == .timestamp ? .timestamp($0) : .int64($0) }
        case let (.int64, .scale(f)) where type == .timestamp && f > 0:
            return le(Int64.self).flatMap { v in
                let (p, o) = v.multipliedReportingOverflow(by: f)
                return o ? nil : .timestamp(p)
            }
        case (.float, _): return le(UInt32.self).map { .float32(Float(bitPattern: $0)) }
        case (.double, _): return le(UInt64.self).map { .float64(Double(bitPattern: $0)) }
        case (.byteArray, .none):
            switch type {
            case .string, .json: return .string(String(decoding: bytes, as: UTF8.self))
            default: return .binary(bytes)
            }
        default: return nil
        }
    }
}
