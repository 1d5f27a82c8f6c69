import Codecs

/// Reads and decodes one column chunk, or only some of its data pages, validating every page against the
/// footer and its own checksums.
struct ChunkReader {
    let field: Field
    let chunk: ColumnChunkMetadata
    let rowCount: Int
    let source: any RandomAccessSource

    /// Largest page body the reader will inflate.

    /// Decodes the data pages for which `wanted` is true (all when nil); rows of the other pages are nulls.
    func read(wanted: [Bool]?, bytesRead: inout Int) throws(ColumnarError) -> Column {
        var b = ColumnBuilder(type: field.type, capacity: min(rowCount, 1 << 20))
        var dictionary: Column?
        let pages = chunk.pages
        let dataStart = pages.first?.isDictionary == true ? 1 : 0
        let needAny = wanted.map { $0.contains(true) } ?? true
        // One read for the whole chunk when every page is wanted; otherwise a read per wanted page.
        var whole: [UInt8]?
        if wanted == nil {
            whole = try source.read(at: chunk.offset, count: chunk.length)
            bytesRead += chunk.length
        }
        func pageBytes(_ p: PageMetadata, _ bytesRead: inout Int) throws(ColumnarError) -> [UInt8] {
            if let whole {
                let s = p.offset - chunk.offset
                return Array(whole[s..<(s + p.length)])
            }
            bytesRead += p.length
            return try source.read(at: p.offset, count: p.length)
        }
        if dataStart == 1, needAny, let d = pages.first {
            let bytes = try pageBytes(d, &bytesRead)
            dictionary = try decodeDictionary(bytes, d, index: 0)
        }
        var dataIndex = 0
        for (i, p) in pages.enumerated() where !p.isDictionary {
            defer { dataIndex += 1 }
            if let wanted, dataIndex >= wanted.count || !wanted[dataIndex] {
                b.appendNulls(p.valueCount)
                continue
            }
            let bytes = try pageBytes(p, &bytesRead)
            let (header, body) = try open(bytes, p, index: i)
            guard header.nullCount == p.statistics.nullCount else {
                throw .corrupt(what: what(i), offset: p.offset, detail: "page has \(header.nullCount) nulls, footer says \(p.statistics.nullCount)")
            }
            try body.withBytes { raw throws(ColumnarError) in
                var r = ByteReader(raw, base: p.offset + PageHeader.size, what: what(i))
                try ValueDecoder.decodePage(&r, encoding: header.encoding, rows: header.valueCount, nulls: header.nullCount,
                                            dictionary: dictionary, into: &b)
            }
        }
        guard b.count == rowCount else {
            throw .corrupt(what: "column chunk \(field.name)", offset: chunk.offset, detail: "\(b.count) rows decoded, \(rowCount) expected")
        }
        return b.finish()
    }

    private func what(_ page: Int) -> String { "page \(page) of column '\(field.name)'" }

    private func decodeDictionary(_ bytes: [UInt8], _ p: PageMetadata, index: Int) throws(ColumnarError) -> Column {
        let (header, body) = try open(bytes, p, index: index)
        guard header.nullCount == 0 else { throw .corrupt(what: what(index), offset: p.offset, detail: "nulls in a dictionary page") }
        var d = ColumnBuilder(type: field.type, capacity: min(header.valueCount, 1 << 20))
        try body.withBytes { raw throws(ColumnarError) in
            var r = ByteReader(raw, base: p.offset + PageHeader.size, what: what(index))
            try ValueDecoder.decodeValues(&r, encoding: header.encoding, present: header.valueCount, valid: [], into: &d)
            guard r.isAtEnd else { throw r.corrupt("\(r.remaining) bytes left after the dictionary") }
        }
        d.count = header.valueCount
        return d.finish()
    }

    /// Checks a page's header against the footer and its checksums, and returns the uncompressed body.
    private func open(_ bytes: [UInt8], _ p: PageMetadata, index: Int) throws(ColumnarError) -> (PageHeader, [UInt8]) {
        let header = try bytes.withBytes { raw throws(ColumnarError) in try PageHeader.read(raw, offset: p.offset) }
        let w = what(index)
        guard header.kind == (p.isDictionary ? .dictionary : .data), header.encoding == p.encoding,
              header.compression == p.compression, header.valueCount == p.valueCount,
              header.storedSize == p.length - PageHeader.size else {
            throw .corrupt(what: w, offset: p.offset, detail: "page header disagrees with the footer")
        }
        guard header.uncompressedSize <= FileLayout.maxPageBytes else {
            throw .corrupt(what: w, offset: p.offset, detail: "page of \(header.uncompressedSize) bytes exceeds the limit")
        }
        let stored = Array(bytes[PageHeader.size...])
        let crc = CRC32CChecksum.of(stored)
        guard crc == header.bodyCRC else {
            throw .checksumMismatch(what: w, offset: p.offset + PageHeader.size, stored: header.bodyCRC, computed: crc)
        }
        do {
            switch header.compression {
            case .none: return (header, stored)
            case .zstd: return (header, try Zstd.decompress(stored, expectedSize: header.uncompressedSize))
            case .zlib:
                let out = try Zlib.decompress(stored, format: .zlib, limit: header.uncompressedSize)
                guard out.count == header.uncompressedSize else {
                    throw CodecError.sizeMismatch(codec: "zlib", expected: header.uncompressedSize, actual: out.count)
                }
                return (header, out)
            }
        } catch let e as CodecError {
            throw .decompressionFailed(page: index, offset: p.offset, detail: "\(field.name): \(e)")
        } catch {
            throw .decompressionFailed(page: index, offset: p.offset, detail: "\(field.name): \(error)")
        }
    }
}

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` that keeps the closure's typed error.
    func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let result: Result<R, E> = withUnsafeBytes { raw in Result { () throws(E) -> R in try body(raw) } }
        return try result.get()
    }
}
