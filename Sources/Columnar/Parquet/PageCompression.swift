import Codecs

/// Compresses and decompresses page bodies with the codecs Parquet names, through the `Codecs` wrappers.
enum PageCompression {
    /// Decompresses `input` of a column chunk using `codec` to exactly `size` bytes.
    static func decompress(_ input: UnsafeRawBufferPointer, codec: ParquetCodec, size: Int,
                           column: String) throws(ParquetError) -> [UInt8] {
        do {
            switch codec {
            case .uncompressed:
                guard input.count == size else {
                    throw ParquetError.invalidMetadata("column \(column): uncompressed page of \(input.count) bytes declares \(size)")
                }
                return [UInt8](input)
            case .snappy:
                let out = try Snappy.decompress(input, limit: size)
                guard out.count == size else { throw CodecError.sizeMismatch(codec: "snappy", expected: size, actual: out.count) }
                return out
            case .gzip:
                let out = try Zlib.decompress(input, format: .gzip, limit: size)
                guard out.count == size else { throw CodecError.sizeMismatch(codec: "gzip", expected: size, actual: out.count) }
                return out
            case .zstd:
                return try Zstd.decompress(input, expectedSize: size)
            case .lz4Raw:
                return try LZ4.decompressBlock(input, expectedSize: size)
            case .lz4:
                return try decompressLegacyLZ4(input, size: size)
            default:
                throw ParquetError.unsupported("compression codec \(codec) (column \(column))")
            }
        } catch let e as CodecError {
            throw .codec(column: column, e)
        } catch let e as ParquetError {
            throw e
        } catch {
            throw .unsupported("unexpected error \(error)")
        }
    }

    /// The deprecated LZ4 codec: Hadoop's framing (big-endian decompressed and compressed lengths ahead of each
    /// block) as parquet-mr writes it; some older writers put a bare block or an LZ4 frame instead.
    private static func decompressLegacyLZ4(_ input: UnsafeRawBufferPointer, size: Int) throws(CodecError) -> [UInt8] {
        if let out = try? hadoopLZ4(input, size: size) { return out }
        if let out = try? LZ4.decompressBlock(input, expectedSize: size) { return out }
        let out = try LZ4.decompressFrame(input, limit: size)
        guard out.count == size else { throw .sizeMismatch(codec: "lz4", expected: size, actual: out.count) }
        return out
    }

    private static func bigEndian32(_ p: UnsafeRawBufferPointer, _ at: Int) -> Int {
        Int(p[at]) << 24 | Int(p[at + 1]) << 16 | Int(p[at + 2]) << 8 | Int(p[at + 3])
    }

    private static func hadoopLZ4(_ input: UnsafeRawBufferPointer, size: Int) throws(CodecError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(size)
        var p = 0
        while p < input.count {
            guard input.count - p >= 8 else { throw .truncatedInput(codec: "lz4-hadoop") }
            let expected = bigEndian32(input, p)
            let compressed = bigEndian32(input, p + 4)
            p += 8
            guard compressed <= input.count - p, expected <= size - out.count else {
                throw .corruptInput(codec: "lz4-hadoop", detail: "block lengths exceed the page")
            }
            let block = try LZ4.decompressBlock(UnsafeRawBufferPointer(rebasing: input[p..<p + compressed]),
                                                expectedSize: expected)
            out.append(contentsOf: block)
            p += compressed
        }
        guard out.count == size else { throw .sizeMismatch(codec: "lz4-hadoop", expected: size, actual: out.count) }
        return out
    }
}

/// Compresses page bodies for one column chunk, reusing one zstd context across its pages.
struct PageCompressor: ~Copyable {
    let codec: ParquetCodec
    private let zstd: Zstd.Compressor

    init(codec: ParquetCodec, zstdLevel: Int32) throws(ParquetError) {
        self.codec = codec
        do {
            zstd = try Zstd.Compressor(level: zstdLevel)
        } catch {
            throw .codec(column: "", error)
        }
    }

    /// Compresses with the writer's codecs: uncompressed, snappy, gzip, zstd or LZ4_RAW.
    func compress(_ input: UnsafeRawBufferPointer) throws(ParquetError) -> [UInt8] {
        do throws(CodecError) {
            switch codec {
            case .uncompressed: return [UInt8](input)
            case .snappy: return try Snappy.compress(input)
            case .gzip: return try Zlib.compress(input, format: .gzip)
            case .zstd: return try zstd.compress(input)
            case .lz4Raw: return try LZ4.compressBlock(input)
            default: throw CodecError.libraryFailure(codec: "\(codec)", detail: "not a writable codec")
            }
        } catch {
            throw .codec(column: "", error)
        }
    }
}
