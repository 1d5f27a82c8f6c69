import CZstd
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Zstandard compression through libzstd.
public enum Zstd {
    /// The library's default compression level.
    public static let defaultLevel: Int32 = 3

    /// Compresses `input` into one zstd frame that records its content size and an xxhash checksum of
    /// the content, so that corruption is detected by the decoder and not passed on as data.
    public static func compress(_ input: UnsafeRawBufferPointer, level: Int32 = defaultLevel) throws(CodecError) -> [UInt8] {
        guard let cctx = ZSTD_createCCtx() else { throw .libraryFailure(codec: "zstd", detail: "cannot create context") }
        defer { ZSTD_freeCCtx(cctx) }
        for (param, value) in [(ZSTD_c_compressionLevel, level), (ZSTD_c_checksumFlag, 1)] {
            let rc = ZSTD_CCtx_setParameter(cctx, param, value)
            if ZSTD_isError(rc) != 0 { throw .libraryFailure(codec: "zstd", detail: errorName(rc)) }
        }
        let bound = ZSTD_compressBound(input.count)
        var failure: CodecError?
        let out = [UInt8](fillingUpTo: bound) { dst in
            let n = ZSTD_compress2(cctx, dst.baseAddress, dst.count, input.baseAddress, input.count)
            if ZSTD_isError(n) != 0 {
                failure = .libraryFailure(codec: "zstd", detail: errorName(n))
                return 0
            }
            return n
        }
        if let failure { throw failure }
        return out
    }

    /// Compresses `input` into one zstd frame.
    public static func compress(_ input: [UInt8], level: Int32 = defaultLevel) throws(CodecError) -> [UInt8] {
        try input.withBytes { raw throws(CodecError) in try compress(raw, level: level) }
    }

    /// Decompresses zstd frames whose total decompressed size is known to be exactly `expectedSize`
    /// (e.g. a page header's uncompressed size). Never allocates more than `expectedSize` bytes.
    public static func decompress(_ input: UnsafeRawBufferPointer, expectedSize: Int) throws(CodecError) -> [UInt8] {
        try Decompressor().decompress(input, expectedSize: expectedSize)
    }

    /// Decompresses `input`, which may be a concatenation of frames with or without a content size
    /// (Kafka producers write frames without one), streaming into a growing buffer bounded by `limit`.
    public static func decompressStream(_ input: UnsafeRawBufferPointer, limit: Int) throws(CodecError) -> [UInt8] {
        guard let dctx = ZSTD_createDCtx() else { throw .libraryFailure(codec: "zstd", detail: "cannot create context") }
        defer { ZSTD_freeDCtx(dctx) }
        var output: [UInt8] = []
        output.reserveCapacity(Swift.min(limit, Swift.max(input.count * 4, 1024)))
        let chunkSize = ZSTD_DStreamOutSize()
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var inBuf = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        var lastHint = 0
        repeat {
            let (hint, produced): (Int, Int) = chunk.withUnsafeMutableBytes { dst in
                var outBuf = ZSTD_outBuffer(dst: dst.baseAddress, size: dst.count, pos: 0)
                let r = ZSTD_decompressStream(dctx, &outBuf, &inBuf)
                return (r, outBuf.pos)
            }
            if ZSTD_isError(hint) != 0 { throw classify(hint, limit: limit) }
            guard output.count + produced <= limit else { throw .outputLimitExceeded(codec: "zstd", limit: limit) }
            output.append(contentsOf: chunk[0..<produced])
            lastHint = hint
            // Stop when all input is consumed and the decoder holds no more output: either a frame just
            // ended (hint 0 means fully flushed) or the output buffer was not filled.
            if inBuf.pos == inBuf.size && (hint == 0 || produced < chunkSize) { break }
        } while true
        // A non-zero hint at end of input means the last frame is incomplete.
        if lastHint != 0 { throw .truncatedInput(codec: "zstd") }
        return output
    }

    /// Convenience over `[UInt8]`.
    public static func decompress(_ input: [UInt8], expectedSize: Int) throws(CodecError) -> [UInt8] {
        try input.withBytes { raw throws(CodecError) in try decompress(raw, expectedSize: expectedSize) }
    }

    /// Convenience over `[UInt8]`.
    public static func decompressStream(_ input: [UInt8], limit: Int) throws(CodecError) -> [UInt8] {
        try input.withBytes { raw throws(CodecError) in try decompressStream(raw, limit: limit) }
    }

    private static func errorName(_ code: Int) -> String {
        String(cString: ZSTD_getErrorName(code))
    }

    static func classify(_ code: Int, limit: Int) -> CodecError {
        let name = errorName(code)
        switch ZSTD_getErrorCode(code) {
        case ZSTD_error_dstSize_tooSmall: return .outputLimitExceeded(codec: "zstd", limit: limit)
        case ZSTD_error_srcSize_wrong: return .truncatedInput(codec: "zstd")
        default: return .corruptInput(codec: "zstd", detail: name)
        }
    }
}

extension Zstd {
    /// A compression context reused across calls, so that many small inputs (e.g. Parquet pages) do not each
    /// pay for allocating and clearing a new context's tables. Produces the same frames as `Zstd.compress`
    /// (unless told to leave out the checksum).
    /// Contexts come from a small process-wide pool: creating one allocates and clears its workspace, which
    /// dominated writing many tiny files (one context per file).
    public struct Compressor: ~Copyable {
        private let cctx: OpaquePointer

        /// `checksum: false` leaves the frames without a content checksum, for callers that checksum the
        /// compressed bytes themselves (decompression then skips hashing the output).
        public init(level: Int32 = Zstd.defaultLevel, checksum: Bool = true) throws(CodecError) {
            guard let cctx = ZstdContextPool.compression.take() else {
                throw .libraryFailure(codec: "zstd", detail: "cannot create context")
            }
            // A pooled context keeps the parameters its last user set: start from the defaults.
            var rc = ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters)
            if ZSTD_isError(rc) == 0 { rc = ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level) }
            if ZSTD_isError(rc) == 0 { rc = ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, checksum ? 1 : 0) }
            if ZSTD_isError(rc) != 0 {
                ZSTD_freeCCtx(cctx)
                throw .libraryFailure(codec: "zstd", detail: String(cString: ZSTD_getErrorName(rc)))
            }
            self.cctx = cctx
        }

        deinit { ZstdContextPool.compression.give(cctx) }

        /// Compresses `input` into one frame.
        public func compress(_ input: UnsafeRawBufferPointer) throws(CodecError) -> [UInt8] {
            let bound = ZSTD_compressBound(input.count)
            var failure: CodecError?
            let out = [UInt8](fillingUpTo: bound) { dst in
                let n = ZSTD_compress2(cctx, dst.baseAddress, dst.count, input.baseAddress, input.count)
                if ZSTD_isError(n) != 0 {
                    failure = .libraryFailure(codec: "zstd", detail: String(cString: ZSTD_getErrorName(n)))
                    return 0
                }
                return n
            }
            if let failure { throw failure }
            return out
        }

        /// The most bytes one frame of `inputCount` bytes can take: the size `compress(_:into:)` needs.
        public static func bound(_ inputCount: Int) -> Int { ZSTD_compressBound(inputCount) }

        /// Compresses `input` into one frame at the start of `output` (at least `bound(input.count)` bytes, so
        /// that a caller can reuse one buffer for many inputs) and returns the frame's size.
        public func compress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(CodecError) -> Int {
            guard output.count >= ZSTD_compressBound(input.count) else {
                throw .outputLimitExceeded(codec: "zstd", limit: output.count)
            }
            let n = ZSTD_compress2(cctx, output.baseAddress, output.count, input.baseAddress, input.count)
            if ZSTD_isError(n) != 0 { throw .libraryFailure(codec: "zstd", detail: String(cString: ZSTD_getErrorName(n))) }
            return n
        }
    }
}

extension Zstd {
    /// A decompression context reused across calls, so that many small frames (e.g. columnar pages) do not
    /// each allocate a new context. Same checks and results as `Zstd.decompress(_:expectedSize:)`.
    /// Contexts come from a small process-wide pool: creating one allocates and clears ~100 KiB, which
    /// dominated reading many small files (one context per column chunk).
    public struct Decompressor: ~Copyable {
        private let dctx: OpaquePointer

        public init() throws(CodecError) {
            guard let dctx = ZstdContextPool.decompression.take() else {
                throw .libraryFailure(codec: "zstd", detail: "cannot create context")
            }
            self.dctx = dctx
        }

        deinit { ZstdContextPool.decompression.give(dctx) }

        /// Decompresses frames whose total decompressed size is exactly `expectedSize`.
        public func decompress(_ input: UnsafeRawBufferPointer, expectedSize: Int) throws(CodecError) -> [UInt8] {
            guard expectedSize >= 0 else { throw .sizeMismatch(codec: "zstd", expected: expectedSize, actual: 0) }
            var failure: CodecError?
            let out = [UInt8](fillingUpTo: expectedSize) { dst in
                do throws(CodecError) { return try decompress(input, into: dst) } catch {
                    failure = error
                    return 0
                }
            }
            if let failure { throw failure }
            guard out.count == expectedSize else {
                throw .sizeMismatch(codec: "zstd", expected: expectedSize, actual: out.count)
            }
            return out
        }

        /// Decompresses frames into the start of `output` (a buffer the caller reuses, so that no page of it is
        /// allocated and faulted in again) and returns the decompressed size; more output than `output` holds
        /// is an error, never a write past it.
        public func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(CodecError) -> Int {
            // The frame header may declare a content size; reject lies before touching the payload.
            let declared = ZSTD_getFrameContentSize(input.baseAddress, input.count)
            if declared == ZSTD_CONTENTSIZE_ERROR {
                throw input.count < 4 ? .truncatedInput(codec: "zstd") : .corruptInput(codec: "zstd", detail: "not a zstd frame")
            }
            let n = ZSTD_decompressDCtx(dctx, output.baseAddress, output.count, input.baseAddress, input.count)
            if ZSTD_isError(n) != 0 { throw Zstd.classify(n, limit: output.count) }
            return n
        }
    }
}

/// Idle zstd contexts of one kind for reuse (at most `capacity`; the rest are freed). A decompression context
/// keeps no state between frames that matters: `ZSTD_decompressDCtx` starts every frame afresh with the same
/// (default) parameters; a compression context's parameters are reset by ``Zstd/Compressor`` when it takes one.
final class ZstdContextPool: @unchecked Sendable {
    static let decompression = ZstdContextPool(capacity: 16, create: { ZSTD_createDCtx() }, free: { _ = ZSTD_freeDCtx($0) })
    static let compression = ZstdContextPool(capacity: 16, create: { ZSTD_createCCtx() }, free: { _ = ZSTD_freeCCtx($0) })

    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var idle: [OpaquePointer] = []
    private let capacity: Int
    private let create: @Sendable () -> OpaquePointer?
    private let free: @Sendable (OpaquePointer) -> Void

    init(capacity: Int, create: @escaping @Sendable () -> OpaquePointer?, free: @escaping @Sendable (OpaquePointer) -> Void) {
        self.capacity = capacity
        self.create = create
        self.free = free
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        idle.reserveCapacity(capacity)
    }

    deinit {
        for d in idle { free(d) }
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func take() -> OpaquePointer? {
        pthread_mutex_lock(mutex)
        let d = idle.popLast()
        pthread_mutex_unlock(mutex)
        return d ?? create()
    }

    func give(_ d: OpaquePointer) {
        pthread_mutex_lock(mutex)
        let kept = idle.count < capacity
        if kept { idle.append(d) }
        pthread_mutex_unlock(mutex)
        if !kept { free(d) }
    }
}
