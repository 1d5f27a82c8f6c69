import CLZ4

/// LZ4 through liblz4: the frame format (Kafka) and the bare block format (Parquet LZ4_RAW).
public enum LZ4 {
    /// Compresses `input` as one LZ4 frame.
    public static func compressFrame(_ input: UnsafeRawBufferPointer) throws(CodecError) -> [UInt8] {
        let bound = LZ4F_compressFrameBound(input.count, nil)
        var failure: CodecError?
        let out = [UInt8](fillingUpTo: bound) { dst in
            let n = LZ4F_compressFrame(dst.baseAddress, dst.count, input.baseAddress, input.count, nil)
            if LZ4F_isError(n) != 0 {
                failure = .libraryFailure(codec: "lz4", detail: String(cString: LZ4F_getErrorName(n)))
                return 0
            }
            return n
        }
        if let failure { throw failure }
        return out
    }

    /// Decompresses a sequence of LZ4 frames, failing if the output would exceed `limit` bytes.
    public static func decompressFrame(_ input: UnsafeRawBufferPointer, limit: Int) throws(CodecError) -> [UInt8] {
        var dctx: OpaquePointer?
        let rc = LZ4F_createDecompressionContext(&dctx, UInt32(LZ4F_VERSION))
        guard LZ4F_isError(rc) == 0, let ctx = dctx else {
            throw .libraryFailure(codec: "lz4", detail: "cannot create decompression context")
        }
        defer { LZ4F_freeDecompressionContext(ctx) }
        guard let base = input.baseAddress, input.count > 0 else { throw .truncatedInput(codec: "lz4") }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var consumed = 0
        var hint = 1
        while consumed < input.count {
            var srcSize = input.count - consumed
            var dstSize = chunk.count
            hint = chunk.withUnsafeMutableBytes { dst in
                LZ4F_decompress(ctx, dst.baseAddress, &dstSize, base + consumed, &srcSize, nil)
            }
            if LZ4F_isError(hint) != 0 {
                throw .corruptInput(codec: "lz4", detail: String(cString: LZ4F_getErrorName(hint)))
            }
            consumed += srcSize
            guard output.count + dstSize <= limit else { throw .outputLimitExceeded(codec: "lz4", limit: limit) }
            output.append(contentsOf: chunk[0..<dstSize])
            if srcSize == 0 && dstSize == 0 { break }
        }
        // Drain output still buffered in the context after the last input byte.
        while hint != 0 {
            var srcSize = 0
            var dstSize = chunk.count
            hint = chunk.withUnsafeMutableBytes { dst in
                LZ4F_decompress(ctx, dst.baseAddress, &dstSize, base + consumed, &srcSize, nil)
            }
            if LZ4F_isError(hint) != 0 {
                throw .corruptInput(codec: "lz4", detail: String(cString: LZ4F_getErrorName(hint)))
            }
            if dstSize == 0 { break }
            guard output.count + dstSize <= limit else { throw .outputLimitExceeded(codec: "lz4", limit: limit) }
            output.append(contentsOf: chunk[0..<dstSize])
        }
        // A non-zero hint means the frame has not reached its end mark.
        if hint != 0 { throw .truncatedInput(codec: "lz4") }
        return output
    }

    /// Compresses `input` as a bare LZ4 block (no frame, no size prefix).
    public static func compressBlock(_ input: UnsafeRawBufferPointer) throws(CodecError) -> [UInt8] {
        guard input.count <= Int(LZ4_MAX_INPUT_SIZE) else {
            throw .libraryFailure(codec: "lz4", detail: "block input of \(input.count) bytes is too large")
        }
        let bound = Int(LZ4_compressBound(Int32(input.count)))
        var failure: CodecError?
        let out = [UInt8](fillingUpTo: bound) { dst in
            let n = LZ4_compress_default(input.baseAddress, dst.baseAddress, Int32(input.count), Int32(dst.count))
            if n <= 0 && input.count > 0 { failure = .libraryFailure(codec: "lz4", detail: "block compression failed") }
            return Int(Swift.max(n, 0))
        }
        if let failure { throw failure }
        return out
    }

    /// Decompresses a bare LZ4 block whose decompressed size is exactly `expectedSize`.
    public static func decompressBlock(_ input: UnsafeRawBufferPointer, expectedSize: Int) throws(CodecError) -> [UInt8] {
        guard expectedSize >= 0, expectedSize <= Int(Int32.max), input.count <= Int(Int32.max) else {
            throw .sizeMismatch(codec: "lz4", expected: expectedSize, actual: -1)
        }
        if expectedSize == 0 && input.count <= 1 { return [] }
        var failure: CodecError?
        let out = [UInt8](fillingUpTo: expectedSize) { dst in
            let n = LZ4_decompress_safe(input.baseAddress, dst.baseAddress, Int32(input.count), Int32(dst.count))
            if n < 0 {
                failure = .corruptInput(codec: "lz4", detail: "malformed block")
                return 0
            }
            return Int(n)
        }
        if let failure { throw failure }
        guard out.count == expectedSize else { throw .sizeMismatch(codec: "lz4", expected: expectedSize, actual: out.count) }
        return out
    }
}
