import CZlib

/// DEFLATE compression through zlib, in the three framings callers meet: raw deflate,
/// zlib-wrapped, and gzip (Kafka batches, Parquet GZIP pages).
public enum Zlib {
    /// The container around the deflate stream.
    public enum Format: Sendable {
        /// Bare deflate blocks, no header or checksum.
        case raw
        /// RFC 1950: two-byte header and Adler-32 trailer.
        case zlib
        /// RFC 1952: gzip member with CRC-32 and size trailer.
        case gzip

        var windowBits: Int32 {
            switch self {
            case .raw: return -15
            case .zlib: return 15
            case .gzip: return 15 + 16
            }
        }
        var name: String {
            switch self {
            case .raw: return "deflate"
            case .zlib: return "zlib"
            case .gzip: return "gzip"
            }
        }
    }

    /// Compresses `input` into a single stream of `format` at `level` (0...9, -1 = zlib's default).
    public static func compress(_ input: UnsafeRawBufferPointer, format: Format = .zlib, level: Int32 = -1) throws(CodecError) -> [UInt8] {
        var stream = z_stream()
        var rc = deflateInit2_(&stream, level, Z_DEFLATED, format.windowBits, 8, Z_DEFAULT_STRATEGY,
                               ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { throw .libraryFailure(codec: format.name, detail: "deflateInit2 returned \(rc)") }
        defer { deflateEnd(&stream) }
        // deflateBound is exact for one-shot compression, so a single call suffices.
        let bound = Int(deflateBound(&stream, uLong(input.count))) + 32
        var output = [UInt8](repeating: 0, count: bound)
        let produced: Int = output.withUnsafeMutableBytes { dst in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(input.count)
            stream.next_out = dst.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(dst.count)
            rc = deflate(&stream, Z_FINISH)
            return dst.count - Int(stream.avail_out)
        }
        guard rc == Z_STREAM_END else { throw .libraryFailure(codec: format.name, detail: "deflate returned \(rc)") }
        output.removeSubrange(produced...)
        return output
    }

    /// Decompresses one stream of `format`, failing if the output would exceed `limit` bytes.
    /// For gzip, concatenated members are all decoded (as `gunzip` does).
    public static func decompress(_ input: UnsafeRawBufferPointer, format: Format = .zlib, limit: Int) throws(CodecError) -> [UInt8] {
        var stream = z_stream()
        var rc = inflateInit2_(&stream, format.windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { throw .libraryFailure(codec: format.name, detail: "inflateInit2 returned \(rc)") }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(Swift.min(limit, Swift.max(input.count * 3, 256)))
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        while true {
            let produced: Int = chunk.withUnsafeMutableBytes { dst in
                stream.next_out = dst.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(dst.count)
                rc = inflate(&stream, Z_NO_FLUSH)
                return dst.count - Int(stream.avail_out)
            }
            guard output.count + produced <= limit else { throw .outputLimitExceeded(codec: format.name, limit: limit) }
            output.append(contentsOf: chunk[0..<produced])
            switch rc {
            case Z_STREAM_END:
                // A further gzip member may follow; anything else after the end is trailing garbage.
                if stream.avail_in == 0 { return output }
                if format == .gzip {
                    rc = inflateReset(&stream)
                    guard rc == Z_OK else { throw .libraryFailure(codec: format.name, detail: "inflateReset returned \(rc)") }
                    continue
                }
                throw .corruptInput(codec: format.name, detail: "\(stream.avail_in) bytes after the end of the stream")
            case Z_OK:
                continue
            case Z_BUF_ERROR:
                // No progress possible: input exhausted before the stream ended.
                if stream.avail_in == 0 { throw .truncatedInput(codec: format.name) }
                continue
            case Z_DATA_ERROR, Z_NEED_DICT:
                let detail = stream.msg.map { String(cString: $0) } ?? "data error"
                throw .corruptInput(codec: format.name, detail: detail)
            default:
                throw .libraryFailure(codec: format.name, detail: "inflate returned \(rc)")
            }
        }
    }

    /// Convenience over `[UInt8]`.
    public static func compress(_ input: [UInt8], format: Format = .zlib, level: Int32 = -1) throws(CodecError) -> [UInt8] {
        try input.withBytes { raw throws(CodecError) in try compress(raw, format: format, level: level) }
    }

    /// Convenience over `[UInt8]`.
    public static func decompress(_ input: [UInt8], format: Format = .zlib, limit: Int) throws(CodecError) -> [UInt8] {
        try input.withBytes { raw throws(CodecError) in try decompress(raw, format: format, limit: limit) }
    }
}
