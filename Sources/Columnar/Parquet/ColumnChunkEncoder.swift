import Codecs
import Foundation

/// Encodes one column of one row group as a Parquet column chunk: an optional dictionary page, then data
/// pages of at most `pageRows` rows, each with its statistics.
struct ColumnChunkEncoder {
    let field: Field
    let options: ParquetWriteOptions

    /// What the row group needs to know about an encoded chunk.
    struct Encoded {
        var meta: ParquetColumnMetaData
        var statistics: ColumnStatistics
        var bloomFilter: SplitBlockBloomFilter?
    }

    /// The values of a chunk in the form each encoder needs.
    private enum Values {
        case boolean([Bool])
        /// Fixed-width values, non-null only, as little-endian bytes of `width` each.
        case fixed(bytes: [UInt8], width: Int)
        /// Byte strings: the non-null rows' positions (nil when there are no nulls) into offsets/bytes.
        case bytes(BinaryVector, rows: [Int]?)
    }

    /// Encodes the chunk that will start at byte `base` of the file; returns its bytes and metadata.
    func encode(_ column: Column, at base: Int) throws(ParquetError) -> (bytes: [UInt8], encoded: Encoded) {
        var file: [UInt8] = []
        let n = column.count
        let validity = column.validity
        let physical = ParquetWriteMapping.physical(field.type)
        let values = Self.denseValues(column)
        let nonNull = n - (validity.map { $0.count - $0.setCount } ?? 0)
        let compressor = try PageCompressor(codec: options.compression.codec, zstdLevel: options.zstdLevel)
        var encodings: [ParquetEncoding] = [.rle]
        var dictionaryOffset: Int64?
        var uncompressedTotal = 0

        // Pick the encoding: dictionary when values repeat, else delta for integers when it is smaller, else PLAIN.
        var dictionary: (page: [UInt8], count: Int, indices: [UInt32])?
        if options.dictionary { dictionary = Self.tryDictionary(values, nonNull: nonNull, limit: options.dictionaryPageBytes) }
        var valueEncoding = ParquetEncoding.plain
        if let d = dictionary {
            dictionaryOffset = Int64(base + file.count)
            let compressed = try compress(d.page, compressor)
            var header = ParquetPageHeader(type: .dictionaryPage, uncompressedPageSize: Int32(d.page.count),
                                           compressedPageSize: Int32(compressed.count))
            header.dictionary = .init(numValues: Int32(d.count), encoding: .plain, isSorted: false)
            if options.pageChecksums { header.crc = Int32(bitPattern: compressed.withUnsafeBytes { CRC32.checksum($0) }) }
            let h = Self.serialize(header)
            file.append(contentsOf: h)
            file.append(contentsOf: compressed)
            uncompressedTotal += h.count + d.page.count
            valueEncoding = .rleDictionary
            encodings.append(.plain)
        } else if options.deltaIntegers, case let .fixed(bytes, width) = values, field.type.isInteger,
                  Self.deltaPays(bytes, width: width) {
            valueEncoding = .deltaBinaryPacked
        }
        encodings.append(valueEncoding)

        // Data pages.
        let dataOffset = Int64(base + file.count)
        let bytesPerRow = Swift.max(1, Self.estimatedBytesPerValue(values, dictionary: dictionary?.count))
        let rowsPerPage = Swift.max(1, Swift.min(options.pageRows, options.pageBytes / bytesPerRow))
        var statistics = ColumnStatistics(valueCount: 0, nullCount: 0)
        var row = 0, dense = 0
        var seen = [Int](repeating: -1, count: dictionary?.count ?? 0)
        var stamp = 0
        repeat {
            let end = Swift.min(n, row + rowsPerPage)
            let pageNonNull = validity.map { v in (row..<end).reduce(0) { $0 + (v[$1] ? 1 : 0) } } ?? (end - row)
            let pageStats = pageStatistics(column, rows: row..<end, nonNull: pageNonNull, values: values,
                                           dictionary: dictionary.map { ($0.indices, dense..<dense + pageNonNull) },
                                           seen: &seen, stamp: &stamp)
            statistics = row == 0 ? pageStats : statistics.merged(with: pageStats)
            var levels: [UInt8] = []
            if field.nullable { levels = Self.definitionLevels(validity, row..<end) }
            var body: [UInt8] = []
            switch valueEncoding {
            case .rleDictionary:
                if let d = dictionary {
                    let width = BitPacking.width(UInt64(Swift.max(d.count - 1, 0)))
                    body.append(UInt8(width))
                    d.indices.withUnsafeBufferPointer { all in
                        RLEHybridEncoder.encode(UnsafeBufferPointer(rebasing: all[dense..<dense + pageNonNull]), bitWidth: width,
                                                into: &body)
                    }
                }
            case .deltaBinaryPacked:
                if case let .fixed(bytes, width) = values {
                    Self.deltaEncode(bytes, width: width, range: dense..<dense + pageNonNull, into: &body)
                }
            default:
                Self.plainEncode(values, range: dense..<dense + pageNonNull, into: &body)
            }
            let pageStatsOut = ParquetWriteMapping.statistics(pageStats)
            uncompressedTotal += try writeDataPage(levels: levels, body: body, rows: end - row, nulls: end - row - pageNonNull,
                                                   encoding: valueEncoding, statistics: pageStatsOut, compressor: compressor,
                                                   into: &file)
            dense += pageNonNull
            row = end
        } while row < n
        if n == 0 { statistics = ColumnStatistics(column) }

        var meta = ParquetColumnMetaData(type: physical, encodings: encodings, pathInSchema: [field.name],
                                         codec: options.compression.codec, numValues: Int64(n),
                                         totalUncompressedSize: Int64(uncompressedTotal),
                                         totalCompressedSize: Int64(file.count), dataPageOffset: dataOffset)
        meta.dictionaryPageOffset = dictionaryOffset
        meta.statistics = ParquetWriteMapping.statistics(statistics)
        var bloom: SplitBlockBloomFilter?
        if options.bloomFilterColumns.contains(field.name) {
            bloom = Self.bloomFilter(values, distinct: dictionary?.count ?? nonNull, fpp: options.bloomFilterFalsePositiveRate)
        }
        return (file, Encoded(meta: meta, statistics: statistics, bloomFilter: bloom))
    }

    /// A page's statistics. For dictionary-encoded byte strings only the distinct entries the page uses are
    /// compared, which is much cheaper than comparing every value.
    private func pageStatistics(_ column: Column, rows: Range<Int>, nonNull: Int, values: Values,
                                dictionary: ([UInt32], Range<Int>)?, seen: inout [Int], stamp: inout Int) -> ColumnStatistics {
        guard case let .bytes(v, denseRows) = values, let (indices, range) = dictionary, nonNull > 0 else {
            return ColumnStatistics(column.slice(rows))
        }
        stamp += 1
        var lo = -1, hi = -1
        v.withUnsafeBuffers { offsets, all in
            func bytes(_ k: Int) -> UnsafeRawBufferPointer {
                let r = denseRows?[k] ?? k
                return UnsafeRawBufferPointer(rebasing: all[offsets[r]..<offsets[r + 1]])
            }
            // The dense position of each distinct entry's first use in this page.
            for k in range {
                let e = Int(indices[k])
                guard seen[e] != stamp else { continue }
                seen[e] = stamp
                if lo < 0 {
                    lo = k
                    hi = k
                    continue
                }
                let b = bytes(k)
                if Self.compare(b, bytes(lo)) < 0 { lo = k }
                if Self.compare(b, bytes(hi)) > 0 { hi = k }
            }
        }
        func value(_ k: Int) -> Value {
            let r = denseRows?[k] ?? k
            return v.withUnsafeBuffers { offsets, all in
                let b = UnsafeRawBufferPointer(rebasing: all[offsets[r]..<offsets[r + 1]])
                return field.type == .binary ? .binary(Array(b)) : .string(String(decoding: b, as: UTF8.self))
            }
        }
        return ColumnStatistics(valueCount: rows.count, nullCount: rows.count - nonNull, min: value(lo), max: value(hi))
    }

    /// Unsigned lexicographic order of byte strings, Parquet's order for BYTE_ARRAY.
    private static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = Swift.min(a.count, b.count)
        if n > 0, let pa = a.baseAddress, let pb = b.baseAddress {
            let c = memcmp(pa, pb, n)
            if c != 0 { return Int(c) }
        }
        return a.count - b.count
    }

    private func compress(_ bytes: [UInt8], _ compressor: borrowing PageCompressor) throws(ParquetError) -> [UInt8] {
        try bytes.withRawBytes { raw throws(ParquetError) in try compressor.compress(raw) }
    }

    private static func serialize(_ header: ParquetPageHeader) -> [UInt8] {
        var w = ThriftCompactWriter()
        header.write(to: &w)
        return w.bytes
    }

    /// Writes one data page (v1 or v2) and returns its uncompressed size including the header.
    private func writeDataPage(levels: [UInt8], body: [UInt8], rows: Int, nulls: Int, encoding: ParquetEncoding,
                               statistics: ParquetStatistics, compressor: borrowing PageCompressor,
                               into file: inout [UInt8]) throws(ParquetError) -> Int {
        var header: ParquetPageHeader
        var payload: [UInt8]
        var uncompressed: Int
        if options.dataPageV2 {
            let values = try compress(body, compressor)
            uncompressed = levels.count + body.count
            payload = levels + values
            header = ParquetPageHeader(type: .dataPageV2, uncompressedPageSize: Int32(uncompressed),
                                       compressedPageSize: Int32(payload.count))
            header.dataV2 = .init(numValues: Int32(rows), numNulls: Int32(nulls), numRows: Int32(rows), encoding: encoding,
                                  definitionLevelsByteLength: Int32(levels.count), repetitionLevelsByteLength: 0,
                                  isCompressed: options.compression != .uncompressed, statistics: statistics)
        } else {
            var raw: [UInt8] = []
            raw.reserveCapacity(levels.count + 4 + body.count)
            if field.nullable {
                withUnsafeBytes(of: UInt32(levels.count).littleEndian) { raw.append(contentsOf: $0) }
                raw.append(contentsOf: levels)
            }
            raw.append(contentsOf: body)
            uncompressed = raw.count
            payload = try compress(raw, compressor)
            header = ParquetPageHeader(type: .dataPage, uncompressedPageSize: Int32(uncompressed),
                                       compressedPageSize: Int32(payload.count))
            header.dataV1 = .init(numValues: Int32(rows), encoding: encoding, definitionLevelEncoding: .rle,
                                  repetitionLevelEncoding: .rle, statistics: statistics)
        }
        if options.pageChecksums { header.crc = Int32(bitPattern: payload.withUnsafeBytes { CRC32.checksum($0) }) }
        let h = Self.serialize(header)
        file.append(contentsOf: h)
        file.append(contentsOf: payload)
        return h.count + uncompressed
    }

    // MARK: values

    private static func denseValues(_ column: Column) -> Values {
        func fixed<T: PrimitiveElement>(_ v: PrimitiveVector<T>) -> Values {
            let width = MemoryLayout<T>.size
            return v.withUnsafeBufferPointer { buf in
                guard let validity = v.validity else {
                    return .fixed(bytes: [UInt8](UnsafeRawBufferPointer(buf)), width: width)
                }
                var out = [UInt8]()
                out.reserveCapacity(buf.count * width)
                let raw = UnsafeRawBufferPointer(buf)
                for i in 0..<buf.count where validity[i] {
                    out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[i * width..<(i + 1) * width]))
                }
                return .fixed(bytes: out, width: width)
            }
        }
        switch column {
        case let .boolean(v):
            return .boolean((0..<v.count).compactMap { v.isNull($0) ? nil : v.bits[$0] })
        case let .int32(v), let .date(v): return fixed(v)
        case let .int64(v), let .timestamp(v): return fixed(v)
        case let .float32(v): return fixed(v)
        case let .float64(v): return fixed(v)
        case let .string(v), let .binary(v), let .json(v):
            guard let validity = v.validity else { return .bytes(v, rows: nil) }
            return .bytes(v, rows: (0..<v.count).filter { validity[$0] })
        }
    }

    private static func estimatedBytesPerValue(_ values: Values, dictionary: Int?) -> Int {
        if let d = dictionary { return Swift.max(1, BitPacking.width(UInt64(d)) / 8) }
        switch values {
        case .boolean: return 1
        case let .fixed(_, width): return width
        case let .bytes(v, rows):
            let count = rows?.count ?? v.count
            return count == 0 ? 1 : 4 + v.totalByteCount / count
        }
    }

    private static func definitionLevels(_ validity: Bitmap?, _ rows: Range<Int>) -> [UInt8] {
        var out: [UInt8] = []
        guard let validity else {
            // All present: one repeated run of ones.
            var x = UInt64(rows.count) << 1
            while x >= 0x80 {
                out.append(UInt8(truncatingIfNeeded: x) | 0x80)
                x >>= 7
            }
            out.append(UInt8(x))
            out.append(1)
            return out
        }
        var levels = [UInt8](repeating: 0, count: rows.count)
        for (k, i) in rows.enumerated() where validity[i] { levels[k] = 1 }
        RLEHybridEncoder.encode(levels, bitWidth: 1, into: &out)
        return out
    }

    private static func plainEncode(_ values: Values, range: Range<Int>, into out: inout [UInt8]) {
        switch values {
        case let .boolean(b):
            var byte: UInt8 = 0
            for (k, i) in range.enumerated() {
                if b[i] { byte |= 1 << UInt8(k & 7) }
                if k & 7 == 7 {
                    out.append(byte)
                    byte = 0
                }
            }
            if range.count & 7 != 0 { out.append(byte) }
        case let .fixed(bytes, width):
            out.append(contentsOf: bytes[range.lowerBound * width..<range.upperBound * width])
        case let .bytes(v, rows):
            v.withUnsafeBuffers { offsets, all in
                var total = 0
                for k in range {
                    let r = rows?[k] ?? k
                    total += 4 + offsets[r + 1] - offsets[r]
                }
                out.reserveCapacity(out.count + total)
                for k in range {
                    let r = rows?[k] ?? k
                    let len = offsets[r + 1] - offsets[r]
                    withUnsafeBytes(of: UInt32(len).littleEndian) { out.append(contentsOf: $0) }
                    out.append(contentsOf: UnsafeRawBufferPointer(rebasing: all[offsets[r]..<offsets[r + 1]]))
                }
            }
        }
    }

    private static func deltaEncode(_ bytes: [UInt8], width: Int, range: Range<Int>, into out: inout [UInt8]) {
        bytes.withUnsafeBytes { raw in
            if width == 4 {
                let all = raw.bindMemory(to: Int32.self)
                DeltaBinaryPacked.encode(UnsafeBufferPointer(rebasing: all[range]), into: &out)
            } else {
                let all = raw.bindMemory(to: Int64.self)
                DeltaBinaryPacked.encode(UnsafeBufferPointer(rebasing: all[range]), into: &out)
            }
        }
    }

    /// Whether DELTA_BINARY_PACKED beats PLAIN by a clear margin on a sample of the values.
    private static func deltaPays(_ bytes: [UInt8], width: Int) -> Bool {
        let count = bytes.count / width
        guard count >= 128 else { return false }
        let sample = Swift.min(count, 4096)
        var out: [UInt8] = []
        deltaEncode(bytes, width: width, range: 0..<sample, into: &out)
        return out.count * 4 < sample * width * 3
    }

    /// A dictionary when the values repeat enough: a 4096-value sample must be at most half distinct.
    private static func tryDictionary(_ values: Values, nonNull: Int, limit: Int)
        -> (page: [UInt8], count: Int, indices: [UInt32])? {
        guard nonNull > 0 else { return nil }
        switch values {
        case .boolean:
            return nil
        case let .fixed(bytes, width):
            let count = bytes.count / width
            var keys = [UInt64](repeating: 0, count: count)
            bytes.withUnsafeBytes { raw in
                for i in 0..<count {
                    keys[i] = width == 4 ? UInt64(raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self))
                        : raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
                }
            }
            let sample = Swift.min(count, 4096)
            guard Set(keys[0..<sample]).count * 2 <= sample else { return nil }
            var builder = DictionaryBuilder(expected: 1024)
            guard let indices = keys.withUnsafeBufferPointer({ builder.indices(fixed: $0, width: width, limit: limit) }) else {
                return nil
            }
            var page = [UInt8]()
            page.reserveCapacity(builder.count * width)
            for k in builder.fixedKeys {
                if width == 4 {
                    withUnsafeBytes(of: UInt32(truncatingIfNeeded: k).littleEndian) { page.append(contentsOf: $0) }
                } else {
                    withUnsafeBytes(of: k.littleEndian) { page.append(contentsOf: $0) }
                }
            }
            return (page, builder.count, indices)
        case let .bytes(v, rows):
            let count = rows?.count ?? v.count
            return v.withUnsafeBuffers { offsets, all in
                let sample = Swift.min(count, 4096)
                var probe = DictionaryBuilder(expected: sample)
                guard let some = probe.indices(offsets: offsets, bytes: all, rows: rows.map { Array($0.prefix(sample)) },
                                               count: sample, limit: limit), !some.isEmpty,
                      probe.count * 2 <= sample else { return nil }
                var builder = DictionaryBuilder(expected: probe.count * 4)
                guard let indices = builder.indices(offsets: offsets, bytes: all, rows: rows, count: count, limit: limit) else {
                    return nil
                }
                var page = [UInt8]()
                page.reserveCapacity(builder.byteSize)
                for r in builder.byteRanges {
                    withUnsafeBytes(of: UInt32(r.count).littleEndian) { page.append(contentsOf: $0) }
                    page.append(contentsOf: UnsafeRawBufferPointer(rebasing: all[r]))
                }
                return (page, builder.count, indices)
            }
        }
    }

    private static func bloomFilter(_ values: Values, distinct: Int, fpp: Double) -> SplitBlockBloomFilter {
        var filter = SplitBlockBloomFilter(distinct: distinct, fpp: fpp)
        switch values {
        case let .boolean(b):
            for v in b { filter.insert(hash: XXHash64.hash(UInt8(v ? 1 : 0))) }
        case let .fixed(bytes, width):
            bytes.withUnsafeBytes { raw in
                var i = 0
                while i < raw.count {
                    filter.insert(hash: XXHash64.hash(UnsafeRawBufferPointer(rebasing: raw[i..<i + width])))
                    i += width
                }
            }
        case let .bytes(v, rows):
            v.withUnsafeBuffers { offsets, all in
                for k in 0..<(rows?.count ?? v.count) {
                    let r = rows?[k] ?? k
                    filter.insert(hash: XXHash64.hash(UnsafeRawBufferPointer(rebasing: all[offsets[r]..<offsets[r + 1]])))
                }
            }
        }
        return filter
    }
}
