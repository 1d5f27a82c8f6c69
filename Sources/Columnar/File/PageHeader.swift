import Codecs

/// The fixed 28-byte header in front of every page body (docs/FORMAT.md §4).
struct PageHeader: Equatable {
    static let size = 28

    var kind: PageKind
    var encoding: PageEncoding
    var compression: ColumnarCompression
    /// Values in the page, nulls included (for a dictionary page: dictionary entries).
    var valueCount: Int
    var nullCount: Int
    var uncompressedSize: Int
    var storedSize: Int
    /// CRC-32C of the stored body.
    var bodyCRC: UInt32

    /// CRC-32C of the first 24 header bytes followed by the page's absolute offset as a u64, so that a page
    /// moved or swapped to another place in the file fails its check.
    static func headerCRC(_ first24: UnsafeRawBufferPointer, offset: Int) -> UInt32 {
        var c = CRC32C()
        c.update(first24)
        withUnsafeBytes(of: UInt64(offset).littleEndian) { c.update($0) }
        return c.value
    }

    /// Appends the header of the page at `fileOffset` in the file (where `out`'s end will be written).
    func write(into out: inout ByteWriter, fileOffset: Int) {
        // Laid out in a stack buffer and appended once: a tiny file's pages are mostly header.
        withUnsafeTemporaryAllocation(byteCount: Self.size, alignment: 4) { h in
            h.storeBytes(of: kind.rawValue, toByteOffset: 0, as: UInt8.self)
            h.storeBytes(of: encoding.rawValue, toByteOffset: 1, as: UInt8.self)
            h.storeBytes(of: compression.rawValue, toByteOffset: 2, as: UInt8.self)
            h.storeBytes(of: 0, toByteOffset: 3, as: UInt8.self)
            h.storeBytes(of: UInt32(truncatingIfNeeded: valueCount).littleEndian, toByteOffset: 4, as: UInt32.self)
            h.storeBytes(of: UInt32(truncatingIfNeeded: nullCount).littleEndian, toByteOffset: 8, as: UInt32.self)
            h.storeBytes(of: UInt32(truncatingIfNeeded: uncompressedSize).littleEndian, toByteOffset: 12, as: UInt32.self)
            h.storeBytes(of: UInt32(truncatingIfNeeded: storedSize).littleEndian, toByteOffset: 16, as: UInt32.self)
            h.storeBytes(of: bodyCRC.littleEndian, toByteOffset: 20, as: UInt32.self)
            let crc = Self.headerCRC(UnsafeRawBufferPointer(rebasing: h[0..<24]), offset: fileOffset)
            h.storeBytes(of: crc.littleEndian, toByteOffset: 24, as: UInt32.self)
            out.append(UnsafeRawBufferPointer(h))
        }
    }

    /// Parses and checks a header at absolute file offset `offset`.
    static func read(_ bytes: UnsafeRawBufferPointer, offset: Int) throws(ColumnarError) -> PageHeader {
        var r = ByteReader(bytes, base: offset, what: "page header")
        guard bytes.count >= size else { throw r.truncated(size) }
        let computed = headerCRC(UnsafeRawBufferPointer(rebasing: bytes[0..<24]), offset: offset)
        let stored = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
        guard computed == stored else {
            throw .checksumMismatch(what: "page header", offset: offset, stored: stored, computed: computed)
        }
        guard let kind = PageKind(rawValue: try r.u8()) else { throw r.corrupt("unknown page kind") }
        guard let encoding = PageEncoding(rawValue: try r.u8()) else { throw r.corrupt("unknown encoding") }
        guard let compression = ColumnarCompression(rawValue: try r.u8()) else { throw r.corrupt("unknown compression") }
        guard try r.u8() == 0 else { throw r.corrupt("reserved byte is not zero") }
        let valueCount = Int(try r.u32())
        let nullCount = Int(try r.u32())
        let uncompressed = Int(try r.u32())
        let stored32 = Int(try r.u32())
        let bodyCRC = try r.u32()
        guard nullCount <= valueCount else { throw r.corrupt("null count \(nullCount) exceeds value count \(valueCount)") }
        if compression == .none && uncompressed != stored32 {
            throw r.corrupt("uncompressed page with stored size \(stored32) != \(uncompressed)")
        }
        return PageHeader(kind: kind, encoding: encoding, compression: compression, valueCount: valueCount,
                          nullCount: nullCount, uncompressedSize: uncompressed, storedSize: stored32, bodyCRC: bodyCRC)
    }
}
