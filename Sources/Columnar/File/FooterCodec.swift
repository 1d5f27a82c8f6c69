/// Serialises ``FileMetadata`` to and from the footer bytes (docs/FORMAT.md §6).
enum FooterCodec {
    static let version: UInt16 = 1
    static let flagDictionaryPage: UInt8 = 1

    /// Appends the footer of `m` to `w` (the file being written, so that the footer is not copied into it).
    static func encode(_ m: FileMetadata, into w: inout ByteWriter) {
        w.u16(version)
        w.string(m.createdBy)
        w.varint(m.schema.count)
        for f in m.schema.fields {
            w.zigzag(Int64(f.id))
            w.u8(f.type.rawValue)
            w.u8(f.nullable ? 1 : 0)
            w.string(f.name)
        }
        let kv = m.keyValueMetadata.sorted { $0.key < $1.key }
        w.varint(kv.count)
        for (k, v) in kv {
            w.string(k)
            w.string(v)
        }
        w.varint(m.rowGroups.count)
        for g in m.rowGroups {
            w.varint(g.rowCount)
            for (c, f) in zip(g.columns, m.schema.fields) {
                w.varint(c.offset)
                w.varint(c.length)
                w.varint(c.uncompressedSize)
                let chunkStats = w.count
                writeStats(c.statistics, type: f.type, into: &w)
                let chunkStatsEnd = w.count
                w.varint(c.pages.count)
                for p in c.pages {
                    w.u8(p.isDictionary ? flagDictionaryPage : 0)
                    w.u8(p.encoding.rawValue)
                    w.u8(p.compression.rawValue)
                    w.varint(p.length)
                    w.varint(p.valueCount)
                    if p.isDictionary { continue }
                    // A chunk of one data page has that page's statistics: copy their bytes instead of encoding again.
                    if p.statistics.sameBounds(as: c.statistics) {
                        w.repeatBytes(chunkStats..<chunkStatsEnd)
                    } else {
                        writeStats(p.statistics, type: f.type, into: &w)
                    }
                }
                if let b = c.bloomFilter {
                    w.u8(1)
                    w.varint(b.offset)
                    w.varint(b.length)
                    w.u32(b.crc)
                } else {
                    w.u8(0)
                }
            }
        }
    }

    /// Parses a footer at absolute offset `offset`; `dataEnd` is where the footer starts (chunks must lie
    /// in [headerSize, dataEnd)).
    static func decode(_ bytes: UnsafeRawBufferPointer, offset: Int, dataEnd: Int) throws(ColumnarError) -> FileMetadata {
        var r = ByteReader(bytes, base: offset, what: "footer")
        let v = try r.u16()
        guard v == version else { throw .unsupportedVersion(Int(v)) }
        let createdBy = try r.string()
        let schema = try readSchema(&r)
        let fields = schema.fields
        let kvCount = try r.count("metadata count", limit: r.remaining / 2)
        var kv: [String: String] = [:]
        for _ in 0..<kvCount {
            let k = try r.string()
            kv[k] = try r.string()
        }
        let groupCount = try r.count("row group count", limit: r.remaining)
        var groups: [RowGroupMetadata] = []
        var firstRow = 0
        var lastEnd = FileLayout.headerSize
        for _ in 0..<groupCount {
            let rows = try r.count("row count", limit: FileLayout.maxRowGroupRows)
            var columns: [ColumnChunkMetadata] = []
            for f in fields {
                let chunk = try readChunk(&r, field: f, rows: rows, lastEnd: &lastEnd, dataEnd: dataEnd)
                columns.append(chunk)
            }
            groups.append(RowGroupMetadata(rowCount: rows, firstRow: firstRow, columns: columns))
            firstRow += rows
            guard firstRow <= Int(Int64.max / 2) else { throw r.corrupt("too many rows") }
        }
        guard r.isAtEnd else { throw r.corrupt("\(r.remaining) unexpected bytes after the footer") }
        return FileMetadata(schema: schema, rowGroups: groups, keyValueMetadata: kv, createdBy: createdBy)
    }

    /// The field list, from ``SchemaCache`` when the same bytes were decoded before.
    private static func readSchema(_ r: inout ByteReader) throws(ColumnarError) -> Schema {
        let start = r.position
        if let end = schemaEnd(r), let cached = SchemaCache.shared.schema(for: UnsafeRawBufferPointer(rebasing: r.buffer[start..<end])) {
            try r.skip(end - start)
            return cached
        }
        let fieldCount = try r.count("field count", limit: r.remaining / 4)
        var fields: [Field] = []
        fields.reserveCapacity(fieldCount)
        for _ in 0..<fieldCount {
            let at = r.offset
            let id = try r.zigzag()
            guard let id32 = Int32(exactly: id) else { throw .corrupt(what: "footer", offset: at, detail: "field id \(id) out of range") }
            guard let type = DataType(rawValue: try r.u8()) else { throw r.corrupt("unknown data type") }
            let nullable = try r.u8()
            guard nullable <= 1 else { throw r.corrupt("nullable flag \(nullable)") }
            fields.append(Field(name: try r.string(), id: id32, type: type, nullable: nullable == 1))
        }
        let schema: Schema
        do { schema = try Schema(fields) } catch { throw r.corrupt("invalid schema: \(error)") }
        SchemaCache.shared.remember(UnsafeRawBufferPointer(rebasing: r.buffer[start..<r.position]), schema)
        return schema
    }

    /// Where the field list starting at `r`'s position ends, found by skipping over it without decoding names;
    /// nil when it is malformed (then the full decode reports where).
    private static func schemaEnd(_ r: ByteReader) -> Int? {
        var r = r
        do {
            let fieldCount = try r.count("field count", limit: r.remaining / 4)
            for _ in 0..<fieldCount {
                _ = try r.varint()
                try r.skip(2)
                _ = try r.blob()
            }
        } catch { return nil }
        return r.position
    }

    private static func readChunk(_ r: inout ByteReader, field f: Field, rows: Int, lastEnd: inout Int,
                                  dataEnd: Int) throws(ColumnarError) -> ColumnChunkMetadata {
        let at = r.offset
        let offset = try r.count("chunk offset", limit: dataEnd)
        let length = try r.count("chunk length", limit: dataEnd)
        let uncompressed = try r.count("uncompressed size", limit: Int(Int32.max) * 64)
        // Chunks are written in order, each after the previous one, inside the data region.
        guard offset >= lastEnd, length <= dataEnd - offset else {
            throw .corrupt(what: "footer", offset: at, detail: "chunk [\(offset), +\(length)) outside the data region or overlapping")
        }
        let statsAt = r.position
        let stats = try readStats(&r, type: f.type, valueCount: rows)
        let statsBytes = UnsafeRawBufferPointer(rebasing: r.buffer[statsAt..<r.position])
        let pageCount = try r.count("page count", limit: min(r.remaining, length / PageHeader.size + 1))
        var pages: [PageMetadata] = []
        var pageOffset = offset
        var row = 0
        for i in 0..<pageCount {
            let pat = r.offset
            let flags = try r.u8()
            guard flags <= flagDictionaryPage else { throw r.corrupt("page flags \(flags)") }
            let isDict = flags == flagDictionaryPage
            guard !isDict || i == 0 else { throw .corrupt(what: "footer", offset: pat, detail: "dictionary page is not first") }
            guard let enc = PageEncoding(rawValue: try r.u8()), enc.applies(to: f.type) else { throw r.corrupt("bad page encoding") }
            guard let comp = ColumnarCompression(rawValue: try r.u8()) else { throw r.corrupt("bad page compression") }
            let plen = try r.count("page length", limit: offset + length - pageOffset)
            guard plen >= PageHeader.size else { throw r.corrupt("page length \(plen) shorter than a page header") }
            let values = try r.count("page value count", limit: isDict ? FileLayout.maxPageValues : min(rows - row, FileLayout.maxPageValues))
            let pstats: ColumnStatistics
            if isDict {
                pstats = ColumnStatistics(valueCount: 0, nullCount: 0)
            } else if stats.nullCount <= values, r.startsWith(statsBytes) {
                // The same bytes as the chunk's statistics (a chunk of one data page), already decoded and checked.
                try r.skip(statsBytes.count)
                pstats = ColumnStatistics(valueCount: values, nullCount: stats.nullCount, min: stats.min, max: stats.max)
            } else {
                pstats = try readStats(&r, type: f.type, valueCount: values)
            }
            pages.append(PageMetadata(isDictionary: isDict, encoding: enc, compression: comp, offset: pageOffset,
                                      length: plen, valueCount: values, firstRow: isDict ? 0 : row, statistics: pstats))
            pageOffset += plen
            if !isDict { row += values }
        }
        guard pageOffset == offset + length else {
            throw .corrupt(what: "footer", offset: at, detail: "pages cover \(pageOffset - offset) of \(length) chunk bytes")
        }
        guard row == rows else { throw .corrupt(what: "footer", offset: at, detail: "pages hold \(row) rows, row group has \(rows)") }
        guard stats.nullCount <= rows else { throw .corrupt(what: "footer", offset: at, detail: "null count exceeds rows") }
        lastEnd = offset + length
        var bloom: BloomFilterLocation?
        switch try r.u8() {
        case 0: break
        case 1:
            let bat = r.offset
            let bo = try r.count("bloom filter offset", limit: dataEnd)
            let bl = try r.count("bloom filter length", limit: dataEnd)
            guard bo >= lastEnd, bl <= dataEnd - bo, bl >= 32, bl % 32 == 0 else {
                throw .corrupt(what: "footer", offset: bat, detail: "bloom filter [\(bo), +\(bl)) invalid")
            }
            bloom = BloomFilterLocation(offset: bo, length: bl, crc: try r.u32())
            lastEnd = bo + bl
        default: throw r.corrupt("bloom filter flag")
        }
        return ColumnChunkMetadata(offset: offset, length: length, uncompressedSize: uncompressed, statistics: stats,
                                   pages: pages, bloomFilter: bloom)
    }

    static func writeStats(_ s: ColumnStatistics, type: DataType, into w: inout ByteWriter) {
        w.varint(s.nullCount)
        w.u8((s.min != nil ? 1 : 0) | (s.max != nil ? 2 : 0))
        if let v = s.min { writeValue(v, into: &w) }
        if let v = s.max { writeValue(v, into: &w) }
    }

    static func readStats(_ r: inout ByteReader, type: DataType, valueCount: Int) throws(ColumnarError) -> ColumnStatistics {
        let nulls = try r.count("null count", limit: valueCount)
        let flags = try r.u8()
        guard flags <= 3 else { throw r.corrupt("statistics flags \(flags)") }
        let min = flags & 1 != 0 ? try readValue(&r, type: type) : nil
        let max = flags & 2 != 0 ? try readValue(&r, type: type) : nil
        if let min, let max, let c = Value.compare(min, max), c > 0 { throw r.corrupt("statistics min > max") }
        return ColumnStatistics(valueCount: valueCount, nullCount: nulls, min: min, max: max)
    }

    static func writeValue(_ v: Value, into w: inout ByteWriter) {
        switch v {
        case .null: break
        case let .boolean(b): w.u8(b ? 1 : 0)
        case let .int32(x), let .date(x): w.zigzag(Int64(x))
        case let .int64(x), let .timestamp(x): w.zigzag(x)
        case let .float32(x): w.u32(x.bitPattern)
        case let .float64(x): w.u64(x.bitPattern)
        case let .string(s): w.string(s)
        case let .binary(b): b.withUnsafeBytes { w.blob($0) }
        }
    }

    static func readValue(_ r: inout ByteReader, type: DataType) throws(ColumnarError) -> Value {
        let at = r.offset
        switch type {
        case .boolean:
            let b = try r.u8()
            guard b <= 1 else { throw r.corrupt("boolean \(b)") }
            return .boolean(b == 1)
        case .int32, .date:
            guard let x = Int32(exactly: try r.zigzag()) else { throw .corrupt(what: "footer", offset: at, detail: "int32 out of range") }
            return type == .date ? .date(x) : .int32(x)
        case .int64: return .int64(try r.zigzag())
        case .timestamp: return .timestamp(try r.zigzag())
        case .float32:
            let x = Float(bitPattern: try r.u32())
            guard !x.isNaN else { throw .corrupt(what: "footer", offset: at, detail: "NaN statistic") }
            return .float32(x)
        case .float64:
            let x = Double(bitPattern: try r.u64())
            guard !x.isNaN else { throw .corrupt(what: "footer", offset: at, detail: "NaN statistic") }
            return .float64(x)
        case .string, .json: return .string(try r.string())
        case .binary: return .binary(Array(try r.blob()))
        }
    }
}

/// Fixed parts of the file layout (docs/FORMAT.md §2, §3).
enum FileLayout {
    static let magic: [UInt8] = Array("SLCF".utf8)
    static let formatVersion: UInt16 = 1
    /// Magic, version, reserved.
    static let headerSize = 8
    /// Footer length, footer CRC-32C, magic.
    static let trailerSize = 12
    /// Reader limits that bound memory on hostile input (docs/FORMAT.md §8); the writer stays within them.
    static let maxRowGroupRows = 1 << 26
    static let maxPageValues = 1 << 22
    static let maxPageBytes = 1 << 28
}
