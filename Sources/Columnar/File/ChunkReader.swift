import Codecs

/// Reads and decodes one column chunk, or only some of its data pages, validating every page against the
/// footer and its own checksums.
struct ChunkReader {
    let field: Field
    let chunk: ColumnChunkMetadata
    let rowCount: Int
    let source: any RandomAccessSource

    /// Decodes the data pages for which `wanted` is true (all when nil); rows of the other pages are nulls.
    /// Stored and decompressed bytes go through `buffers`, which the caller keeps from chunk to chunk.
    func read(wanted: [Bool]?, bytesRead: inout Int, buffers: inout ReadBuffers) throws(ColumnarError) -> Column {
        var b = ColumnBuilder(type: field.type)
        b.reserveForDecoding(rows: min(rowCount, Self.maxReservedRows))
        var dictionary: DecodedDictionary?
        let pages = chunk.pages
        let dataStart = pages.first?.isDictionary == true ? 1 : 0
        let needAny = wanted.map { $0.contains(true) } ?? true
        let zstd = try makeDecompressor()
        // Moved out of `buffers` while pages borrow them, so that no access to `buffers` overlaps another.
        var stored = buffers.chunk, inflated = buffers.page
        buffers.chunk = []
        buffers.page = []
        defer {
            buffers.chunk = stored
            buffers.page = inflated
        }
        // One read for the whole chunk when every page is wanted; otherwise a read per wanted page.
        let whole = wanted == nil
        if whole {
            ReadBuffers.ensure(&stored, chunk.length)
            try stored.withMutableBytes { raw throws(ColumnarError) in
                try source.read(at: chunk.offset, into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<chunk.length]))
            }
            bytesRead += chunk.length
        }
        // Pages lie inside the chunk (the footer decoder checked that they tile it exactly).
        func withPage<R>(_ p: PageMetadata, _ bytesRead: inout Int,
                         _ body: (UnsafeRawBufferPointer) throws(ColumnarError) -> R) throws(ColumnarError) -> R {
            let s = whole ? p.offset - chunk.offset : 0
            if !whole {
                ReadBuffers.ensure(&stored, p.length)
                try stored.withMutableBytes { raw throws(ColumnarError) in
                    try source.read(at: p.offset, into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<p.length]))
                }
                bytesRead += p.length
            }
            return try stored.withBytes { raw throws(ColumnarError) in try body(UnsafeRawBufferPointer(rebasing: raw[s..<(s + p.length)])) }
        }
        if dataStart == 1, needAny, let d = pages.first {
            dictionary = try withPage(d, &bytesRead) { raw throws(ColumnarError) in
                try decodeDictionary(raw, d, index: 0, zstd, &inflated)
            }
        }
        if field.type.isVariableLength, let bound = valueBytesBound(dictionary) { b.bytes.reserveForDecoding(bound) }
        var dataIndex = 0
        var decodedRows = 0
        for (i, p) in pages.enumerated() where !p.isDictionary {
            defer { dataIndex += 1 }
            if let wanted, dataIndex >= wanted.count || !wanted[dataIndex] {
                b.appendNulls(p.valueCount)
                continue
            }
            try withPage(p, &bytesRead) { raw throws(ColumnarError) in
                try open(raw, p, index: i, zstd, &inflated) { header, body throws(ColumnarError) in
                    guard header.nullCount == p.statistics.nullCount else {
                        throw .corrupt(what: what(i), offset: p.offset, detail: "page has \(header.nullCount) nulls, footer says \(p.statistics.nullCount)")
                    }
                    var r = ByteReader(body, base: p.offset + PageHeader.size, page: i, column: field.name)
                    try ValueDecoder.decodePage(&r, encoding: header.encoding, rows: header.valueCount, nulls: header.nullCount,
                                                dictionary: dictionary, into: &b)
                }
            }
            decodedRows += p.valueCount
            // After the first page, size the value bytes for the whole chunk at that page's rate plus a quarter,
            // so that they are not copied again (and faulted in again) as the buffer doubles: pages' rates differ
            // (nulls, text lengths), and capacity never written costs no memory.
            if decodedRows == p.valueCount, field.type.isVariableLength, p.valueCount > 0, b.bytes.count <= FileLayout.maxPageBytes {
                let projected = b.bytes.count * min(rowCount, FileLayout.maxRowGroupRows) / p.valueCount * 5 / 4
                if projected > b.bytes.capacity && projected <= Self.maxReservedBytes { b.bytes.reserveForDecoding(projected) }
            }
        }
        guard b.count == rowCount else {
            throw .corrupt(what: "column chunk \(field.name)", offset: chunk.offset, detail: "\(b.count) rows decoded, \(rowCount) expected")
        }
        return b.finish()
    }

    /// Caps on what is reserved up front from counts and sizes the footer claims (a corrupt footer must not make
    /// the reader ask for absurd amounts of memory; buffers still grow past these if the data really needs it).
    static let maxReservedRows = 1 << 22
    static let maxReservedBytes = 1 << 30

    /// An upper bound on the chunk's value bytes, when one is known before decoding and not far above the
    /// truth: for plain pages, their uncompressed size; for dictionary pages, rows × the longest entry when
    /// entries have similar lengths. Nil otherwise (hex pages: the first page's rate projects the rest).
    private func valueBytesBound(_ dictionary: DecodedDictionary?) -> Int? {
        let dataPages = chunk.pages.lazy.filter { !$0.isDictionary }
        let bound: Int
        if dataPages.allSatisfy({ $0.encoding == .plain }) {
            bound = chunk.uncompressedSize
        } else if let dictionary, dataPages.allSatisfy({ $0.encoding == .dictionary }) {
            let v: BinaryVector
            switch dictionary.values {
            case let .string(d), let .json(d), let .binary(d): v = d
            default: return nil
            }
            guard v.count > 0 else { return nil }
            var shortest = Int.max, longest = 0
            v.withUnsafeBuffers { offs, _ in
                for i in 0..<v.count {
                    let n = offs[i + 1] - offs[i]
                    shortest = min(shortest, n)
                    longest = max(longest, n)
                }
            }
            guard longest <= 2 * shortest + 16 else { return nil }
            bound = rowCount.multipliedReportingOverflow(by: longest).overflow ? Self.maxReservedBytes : rowCount * longest
        } else {
            return nil
        }
        return bound > 0 && bound <= Self.maxReservedBytes ? bound : nil
    }

    private func makeDecompressor() throws(ColumnarError) -> Zstd.Decompressor {
        do { return try Zstd.Decompressor() } catch {
            throw .decompressionFailed(page: 0, offset: chunk.offset, detail: "\(field.name): \(error)")
        }
    }

    private func what(_ page: Int) -> String { ByteReader.pageLabel(page, column: field.name) }

    private func decodeDictionary(_ bytes: UnsafeRawBufferPointer, _ p: PageMetadata, index: Int,
                                  _ zstd: borrowing Zstd.Decompressor, _ inflated: inout [UInt8]) throws(ColumnarError) -> DecodedDictionary {
        try open(bytes, p, index: index, zstd, &inflated) { header, body throws(ColumnarError) in
            guard header.nullCount == 0 else { throw .corrupt(what: what(index), offset: p.offset, detail: "nulls in a dictionary page") }
            var d = ColumnBuilder(type: field.type, capacity: min(header.valueCount, 1 << 20))
            var r = ByteReader(body, base: p.offset + PageHeader.size, page: index, column: field.name)
            try ValueDecoder.decodeValues(&r, encoding: header.encoding, present: header.valueCount, valid: [], into: &d)
            guard r.isAtEnd else { throw r.corrupt("\(r.remaining) bytes left after the dictionary") }
            d.count = header.valueCount
            return DecodedDictionary(d.finish())
        }
    }

    /// Checks a page's header against the footer and its checksums, and calls `body` with the uncompressed body
    /// (decompressed into `inflated`, which is reused from page to page).
    private func open<R>(_ bytes: UnsafeRawBufferPointer, _ p: PageMetadata, index: Int, _ zstd: borrowing Zstd.Decompressor,
                         _ inflated: inout [UInt8],
                         _ body: (PageHeader, UnsafeRawBufferPointer) throws(ColumnarError) -> R) throws(ColumnarError) -> R {
        let header = try PageHeader.read(bytes, offset: p.offset)
        guard header.kind == (p.isDictionary ? .dictionary : .data), header.encoding == p.encoding,
              header.compression == p.compression, header.valueCount == p.valueCount,
              header.storedSize == p.length - PageHeader.size else {
            throw .corrupt(what: what(index), offset: p.offset, detail: "page header disagrees with the footer")
        }
        guard header.uncompressedSize <= FileLayout.maxPageBytes else {
            throw .corrupt(what: what(index), offset: p.offset, detail: "page of \(header.uncompressedSize) bytes exceeds the limit")
        }
        let stored = UnsafeRawBufferPointer(rebasing: bytes[PageHeader.size...])
        let crc = CRC32C.checksum(stored)
        guard crc == header.bodyCRC else {
            throw .checksumMismatch(what: what(index), offset: p.offset + PageHeader.size, stored: header.bodyCRC, computed: crc)
        }
        let size = header.uncompressedSize
        switch header.compression {
        case .none:
            return try body(header, stored)
        case .zstd:
            ReadBuffers.ensure(&inflated, size)
            let n: Int
            do {
                n = try inflated.withMutableBytes { raw throws(CodecError) in
                    try zstd.decompress(stored, into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<size]))
                }
            } catch { throw .decompressionFailed(page: index, offset: p.offset, detail: "\(field.name): \(error)") }
            guard n == size else {
                throw .decompressionFailed(page: index, offset: p.offset,
                                           detail: "\(field.name): \(CodecError.sizeMismatch(codec: "zstd", expected: size, actual: n))")
            }
            return try inflated.withBytes { raw throws(ColumnarError) in try body(header, UnsafeRawBufferPointer(rebasing: raw[0..<size])) }
        case .zlib:
            let out: [UInt8]
            do { out = try Zlib.decompress(stored, format: .zlib, limit: size) } catch {
                throw .decompressionFailed(page: index, offset: p.offset, detail: "\(field.name): \(error)")
            }
            guard out.count == size else {
                throw .decompressionFailed(page: index, offset: p.offset,
                                           detail: "\(field.name): \(CodecError.sizeMismatch(codec: "zlib", expected: size, actual: out.count))")
            }
            return try out.withBytes { raw throws(ColumnarError) in try body(header, raw) }
        }
    }
}

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` that keeps the closure's typed error.
    func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let result: Result<R, E> = withUnsafeBytes { raw in Result { () throws(E) -> R in try body(raw) } }
        return try result.get()
    }

    /// `withUnsafeMutableBytes` that keeps the closure's typed error.
    mutating func withMutableBytes<R, E: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let result: Result<R, E> = withUnsafeMutableBytes { raw in Result { () throws(E) -> R in try body(raw) } }
        return try result.get()
    }
}
