import Codecs

/// Writes one column chunk: optional dictionary page, data pages, optional bloom filter (docs/FORMAT.md §4-7).
struct ChunkWriter {
    let field: Field
    let options: ColumnarWriteOptions
    /// The file offset of `out`'s first byte (the writer may have handed earlier bytes to a file already).
    var base = 0
    /// Whether the chunk gets a bloom filter (`options.bloomFilterColumns` holds the field's name), when the
    /// caller has worked that out once for every row group.
    var bloomFilter: Bool?

    /// Appends the chunk of `column` (one row group's rows) to `out`, which already holds the file up to here,
    /// encoding and compressing pages in `buffers` and with `zstd` (both reused across chunks).
    func write(_ column: Column, into out: inout ByteWriter, buffers: inout PageBuffers,
               zstd: borrowing Zstd.Compressor) throws(ColumnarError) -> ColumnChunkMetadata {
        let start = base + out.count
        let forced = options.forcedEncodings[field.name]
        if let forced, !forced.applies(to: field.type) {
            throw .schemaMismatch(detail: "encoding \(forced) does not apply to \(field.name) of type \(field.type)")
        }
        let ranges = pageRanges(column)
        var pages: [PageMetadata] = []
        var uncompressed = 0
        var dictionary: ColumnDictionary?
        // Data pages left to store without trying to compress, and consecutive failures (see `writePage`).
        var skip = CompressionSkip()
        if forced == .dictionary || (forced == nil && field.type != .boolean
                                     && column.count - column.nullCount >= Self.minimumDictionaryValues) {
            let unlimited = forced == .dictionary
            dictionary = ColumnDictionary.build(column, maxEntries: unlimited ? FileLayout.maxPageValues : options.dictionaryMaxEntries,
                                                maxBytes: unlimited ? FileLayout.maxPageBytes / 2 : options.dictionaryMaxBytes,
                                                sampleCheck: !unlimited)
            if unlimited && dictionary == nil {
                throw .capacityExceeded(detail: "column \(field.name) has too many distinct values for a dictionary")
            }
        }
        var dictionaryBody: (PageEncoding, ByteWriter)?
        if let d = dictionary {
            let body = ValueEncoder.encodeBest(d.entries, forced: nil)
            if forced == .dictionary {
                dictionaryBody = body
            } else {
                // Measure: plain pages against dictionary page + bit-packed indices (an upper bound: runs only shrink it).
                // Variable-length pages are not worth encoding just to measure: each value would cost what a
                // dictionary entry costs in the dictionary page.
                let plainSize: Int
                if field.type.isVariableLength {
                    plainSize = body.1.count * d.indices.count / max(d.count, 1)
                } else {
                    plainSize = ranges.reduce(0) { $0 + dataPageSize(column.slice($1)) }
                }
                let width = BitPack.width(of: UInt64(max(d.count - 1, 0)))
                let dictSize = body.1.count + BitPack.byteCount(count: d.indices.count, width: width) + ranges.count
                if dictSize < plainSize { dictionaryBody = body }
            }
        }
        if let (enc, body) = dictionaryBody, let d = dictionary {
            try body.bytes.withBytes { raw throws(ColumnarError) in
                try writePage(.dictionary, enc, body: raw, valueCount: d.count, nullCount: 0, into: &out, packed: &buffers.packed,
                              uncompressed: &uncompressed, pages: &pages, firstRow: 0, stats: ColumnStatistics(valueCount: 0, nullCount: 0),
                              skip: &skip, zstd)
            }
            let order = d.statisticsOrder()
            let topRank = order.max() ?? -1
            var k = 0
            for r in ranges {
                let slice = column.slice(r)
                buffers.startPage()
                if let v = slice.validity, slice.nullCount > 0 { ValueEncoder.encodeValidity(v, into: &buffers.body) }
                let present = slice.count - slice.nullCount
                let indices = d.indices[k..<(k + present)]
                ValueEncoder.encodeIndices(indices, dictionaryCount: d.count, into: &buffers.body)
                k += present
                let stats = dictionaryStatistics(d, order: order, topRank: topRank, indices: indices, rows: r.count,
                                                 nulls: slice.nullCount)
                try writeBufferedPage(.dictionary, valueCount: r.count, nullCount: slice.nullCount, into: &out, buffers: &buffers,
                                      uncompressed: &uncompressed, pages: &pages, firstRow: r.lowerBound, stats: stats, skip: &skip, zstd)
            }
        } else {
            for r in ranges {
                let slice = column.slice(r)
                buffers.startPage()
                let enc = encodeDataPage(slice, forced: forced, into: &buffers.body)
                try writeBufferedPage(enc, valueCount: r.count, nullCount: slice.nullCount, into: &out, buffers: &buffers,
                                      uncompressed: &uncompressed, pages: &pages, firstRow: r.lowerBound, stats: statistics(slice),
                                      skip: &skip, zstd)
            }
        }
        let length = base + out.count - start
        var bloom: BloomFilterLocation?
        if bloomFilter ?? options.bloomFilterColumns.contains(field.name) {
            let filter = makeBloomFilter(column, distinct: dictionary?.count)
            let bstart = out.count
            filter.words.withUnsafeBufferPointer { w in
                #if _endian(little)
                out.append(UnsafeRawBufferPointer(w))
                #else
                for x in w { out.u32(x) }
                #endif
            }
            let crc = out.bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[bstart..<out.count])) }
            bloom = BloomFilterLocation(offset: base + bstart, length: out.count - bstart, crc: crc)
        }
        let dataPages = pages.filter { !$0.isDictionary }
        let chunkStats = dataPages.dropFirst().reduce(dataPages.first?.statistics ?? ColumnStatistics(valueCount: 0, nullCount: 0)) {
            $0.merged(with: $1.statistics)
        }
        return ColumnChunkMetadata(offset: start, length: length, uncompressedSize: uncompressed, statistics: chunkStats,
                                   pages: pages, bloomFilter: bloom)
    }

    /// Chunks with fewer present values get no dictionary unless one is forced: its page header alone (28 bytes)
    /// outweighs what it can save on so few values, and building one dominated writing tiny files. Repeated long
    /// values are left to compression.
    static let minimumDictionaryValues = 16

    /// The compression context a writer shares across its chunks' pages.
    static func makeCompressor(_ options: ColumnarWriteOptions) throws(ColumnarError) -> Zstd.Compressor {
        // No zstd content checksum: the page's CRC-32C already covers the stored bytes (docs/FORMAT.md §4).
        let level = options.compression == .zstd ? options.compressionLevel : Zstd.defaultLevel
        do { return try Zstd.Compressor(level: level, checksum: false) } catch {
            throw .capacityExceeded(detail: "compression context: \(error)")
        }
    }

    /// Appends a page's body without dictionary to `w`: validity section, then the values.
    private func encodeDataPage(_ slice: Column, forced: PageEncoding?, into w: inout ByteWriter) -> PageEncoding {
        guard let v = slice.validity, slice.nullCount > 0 else { return ValueEncoder.encodeBest(slice, forced: forced, into: &w) }
        ValueEncoder.encodeValidity(v, into: &w)
        let enc = ValueEncoder.encodeBest(slice, forced: forced, into: &w)
        return enc == .dictionary ? .plain : enc
    }

    /// `writePage` of the data page encoded in `buffers.body`.
    private func writeBufferedPage(_ encoding: PageEncoding, valueCount: Int, nullCount: Int, into out: inout ByteWriter,
                                   buffers: inout PageBuffers, uncompressed: inout Int, pages: inout [PageMetadata], firstRow: Int,
                                   stats: ColumnStatistics, skip: inout CompressionSkip, _ zstd: borrowing Zstd.Compressor) throws(ColumnarError) {
        let body = buffers.body.bytes
        try body.withBytes { raw throws(ColumnarError) in
            try writePage(.data, encoding, body: raw, valueCount: valueCount, nullCount: nullCount, into: &out, packed: &buffers.packed,
                          uncompressed: &uncompressed, pages: &pages, firstRow: firstRow, stats: stats, skip: &skip, zstd)
        }
    }

    /// The size `encodeDataPage` would produce for a fixed-width page, computed without encoding the values.
    private func dataPageSize(_ slice: Column) -> Int {
        var validity = ByteWriter()
        if let v = slice.validity, slice.nullCount > 0 { ValueEncoder.encodeValidity(v, into: &validity) }
        return validity.count + ValueEncoder.bestSize(slice)
    }

    /// Statistics of a dictionary-encoded page from its entry numbers: the smallest and largest entry by
    /// `order` (each entry's rank, -1 for NaN; `topRank` the largest), so that no value is compared per row.
    /// The scan stops once it has seen ranks 0 and `topRank` (soon, for a small dictionary).
    private func dictionaryStatistics(_ d: ColumnDictionary, order: [Int32], topRank: Int32, indices: ArraySlice<UInt32>,
                                      rows: Int, nulls: Int) -> ColumnStatistics {
        var lo = Int32.max, hi = Int32(-1)
        var loEntry = 0, hiEntry = 0
        order.withUnsafeBufferPointer { rank in
            for e in indices {
                let r = rank[Int(e)]
                if r < 0 { continue }
                if r < lo {
                    lo = r
                    loEntry = Int(e)
                    if lo == 0 && hi == topRank { break }
                }
                if r > hi {
                    hi = r
                    hiEntry = Int(e)
                    if lo == 0 && hi == topRank { break }
                }
            }
        }
        guard hi >= 0 else { return ColumnStatistics(valueCount: rows, nullCount: nulls) }
        // The two entries' own statistics give min and max exactly as a scan of the page would.
        var s = statistics(d.entries.take([loEntry, hiEntry]))
        s.valueCount = rows
        s.nullCount = nulls
        return s
    }

    /// Compresses `body` (into `packed`, reused) when that saves at least 1/32, then appends header and stored body.
    /// Value pages that compression does not shrink at all, twice in a row, make the chunk's next few be stored
    /// without trying (`skip`): random bits (timestamps, ids, random floats) cost zstd time for nothing.
    private func writePage(_ kind: PageKind, _ encoding: PageEncoding, body: UnsafeRawBufferPointer, valueCount: Int, nullCount: Int,
                           into out: inout ByteWriter, packed: inout [UInt8], uncompressed: inout Int, pages: inout [PageMetadata],
                           firstRow: Int, stats: ColumnStatistics, skip: inout CompressionSkip, _ zstd: borrowing Zstd.Compressor) throws(ColumnarError) {
        guard body.count <= FileLayout.maxPageBytes, valueCount <= FileLayout.maxPageValues else {
            throw .capacityExceeded(detail: "page of \(body.count) bytes / \(valueCount) values in \(field.name)")
        }
        var compression = options.compression
        var packedCount = 0
        var zlibPacked: [UInt8] = []
        // Dictionary indices are left out: zstd keeps or refuses such small pages by its own estimate, page by page.
        let skippable = kind == .data && encoding != .dictionary
        if skippable && skip.next() {
            compression = .none
        } else if compression != .none && body.count >= 64 {
            do {
                switch compression {
                case .zstd:
                    if packed.count < Zstd.Compressor.bound(body.count) {
                        packed = [UInt8](repeating: 0, count: Zstd.Compressor.bound(body.count) + body.count / 8)
                    }
                    let result: Result<Int, CodecError> = packed.withUnsafeMutableBytes { dst in
                        Result { () throws(CodecError) -> Int in try zstd.compress(body, into: dst) }
                    }
                    packedCount = try result.get()
                case .zlib:
                    zlibPacked = try Zlib.compress(body, format: .zlib, level: options.compressionLevel)
                    packedCount = zlibPacked.count
                case .none: break
                }
            } catch {
                throw .capacityExceeded(detail: "compression failed in \(field.name): \(error)")
            }
            if skippable { skip.record(shrunk: packedCount < body.count) }
            if packedCount >= body.count - body.count / 32 { compression = .none }
        } else {
            compression = .none
        }
        let pageStart = out.count
        var header = PageHeader(kind: kind, encoding: encoding, compression: compression, valueCount: valueCount, nullCount: nullCount,
                                uncompressedSize: body.count, storedSize: 0, bodyCRC: 0)
        switch compression {
        case .none: append(&header, body, into: &out)
        case .zstd: packed.withUnsafeBytes { append(&header, UnsafeRawBufferPointer(rebasing: $0[0..<packedCount]), into: &out) }
        case .zlib: zlibPacked.withUnsafeBytes { append(&header, $0, into: &out) }
        }
        uncompressed += PageHeader.size + body.count
        pages.append(PageMetadata(isDictionary: kind == .dictionary, encoding: encoding, compression: compression,
                                  offset: base + pageStart, length: out.count - pageStart, valueCount: valueCount,
                                  firstRow: firstRow, statistics: stats))
    }

    /// Appends `header`, completed with the stored body's size and checksum, then the stored body.
    private func append(_ header: inout PageHeader, _ stored: UnsafeRawBufferPointer, into out: inout ByteWriter) {
        header.storedSize = stored.count
        header.bodyCRC = CRC32C.checksum(stored)
        header.write(into: &out, fileOffset: base + out.count)
        out.append(stored)
    }

    /// Splits the chunk's rows into pages of at most `pageRows` rows and about `pageBytes` bytes.
    func pageRanges(_ column: Column) -> [Range<Int>] {
        let n = column.count
        let maxRows = min(max(1, options.pageRows), FileLayout.maxPageValues)
        var ranges: [Range<Int>] = []
        switch column {
        case let .string(v), let .json(v), let .binary(v):
            v.withUnsafeBuffers { offs, _ in
                var s = 0
                while s < n {
                    // The longest page from s (at least one row, at most maxRows) whose bytes end by `limit`:
                    // offsets never decrease, so binary search for its end.
                    let limit = offs[s] + max(1, options.pageBytes)
                    var lo = s + 1, hi = min(n, s + maxRows)
                    while lo < hi {
                        let mid = lo + (hi - lo + 1) / 2
                        if offs[mid] <= limit { lo = mid } else { hi = mid - 1 }
                    }
                    ranges.append(s..<lo)
                    s = lo
                }
            }
        default:
            let width = column.type.fixedWidth ?? 1
            let rows = max(1, min(maxRows, options.pageBytes / width))
            var s = 0
            while s < n {
                ranges.append(s..<min(n, s + rows))
                s += rows
            }
        }
        if ranges.isEmpty { ranges = [0..<0] }
        return ranges
    }

    /// Page statistics, with long strings truncated so footers stay small.
    private func statistics(_ slice: Column) -> ColumnStatistics {
        ColumnStatistics(slice, boundBytes: options.statisticsMaxBytes)
    }

    private func makeBloomFilter(_ column: Column, distinct: Int?) -> BloomFilter {
        var f = BloomFilter(distinctValues: distinct ?? (column.count - column.nullCount), fpp: options.bloomFilterFPP)
        switch column {
        case let .string(v), let .json(v), let .binary(v):
            v.withUnsafeBuffers { offs, all in
                guard let base = all.baseAddress else {
                    // No bytes: every present value is empty.
                    f.insert(count: v.count) { v.isNull($0) ? nil : Hash64.hash(UnsafeRawBufferPointer(start: nil, count: 0)) }
                    return
                }
                let validity = v.validity
                f.insert(count: v.count) { i in
                    if let validity, !validity[i] { return nil }
                    let start = offs[i]
                    return Hash64.hash(base + start, count: offs[i + 1] - start, readable: all.count - start)
                }
            }
        default:
            for i in 0..<column.count { f.insert(column.value(at: i)) }
        }
        return f
    }
}
