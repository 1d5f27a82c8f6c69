import CSnappy

/// Snappy through libsnappy's C API: the raw block format, and the xerial stream framing
/// that Java Kafka producers wrap around it.
public enum Snappy {
    /// The 8-byte magic that starts a xerial-framed stream.
    public static let xerialMagic: [UInt8] = [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00]

    /// Compresses `input` as one raw snappy block.
    public static func compress(_ input: UnsafeRawBufferPointer) throws(CodecError) -> [UInt8] {
        let bound = snappy_max_compressed_length(input.count)
        var failure: CodecError?
        let out = [UInt8](fillingUpTo: bound) { dst in
            var length = dst.count
            let status = snappy_compress(input.baseAddress?.assumingMemoryBound(to: CChar.self), input.count,
                                         dst.baseAddress?.assumingMemoryBound(to: CChar.self), &length)
            if status != SNAPPY_OK { failure = .libraryFailure(codec: "snappy", detail: "status \(status.rawValue)"); return 0 }
            return length
        }
        if let failure { throw failure }
        return out
    }

    /// Decompresses one raw snappy block, failing if its declared length exceeds `limit`.
    public static func decompress(_ input: UnsafeRawBufferPointer, limit: Int) throws(CodecError) -> [UInt8] {
        let src = input.baseAddress?.assumingMemoryBound(to: CChar.self)
        var length = 0
        guard snappy_uncompressed_length(src, input.count, &length) == SNAPPY_OK else {
            throw input.count == 0 ? .truncatedInput(codec: "snappy") : .corruptInput(codec: "snappy", detail: "bad length header")
        }
        guard length <= limit else { throw .outputLimitExceeded(codec: "snappy", limit: limit) }
        var failure: CodecError?
        let out = [UInt8](fillingUpTo: length) { dst in
            var produced = dst.count
            let status = snappy_uncompress(src, input.count, dst.baseAddress?.assumingMemoryBound(to: CChar.self), &produced)
            if status != SNAPPY_OK { failure = .corruptInput(codec: "snappy", detail: "malformed block"); return 0 }
            return produced
        }
        if let failure { throw failure }
        return out
    }

    /// Whether `input` starts with the xerial stream magic.
    public static func isXerialFramed(_ input: UnsafeRawBufferPointer) -> Bool {
        input.count >= 16 && xerialMagic.indices.allSatisfy { input[$0] == xerialMagic[$0] }
    }

    /// Decompresses a xerial-framed stream: magic, version and compatible-version words, then blocks
    /// each prefixed with a big-endian 32-bit length. Falls back to a raw block when the magic is absent.
    public static func decompressFramedOrRaw(_ input: UnsafeRawBufferPointer, limit: Int) throws(CodecError) -> [UInt8] {
        guard isXerialFramed(input) else { return try decompress(input, limit: limit) }
        var output: [UInt8] = []
        var offset = 16
        while offset < input.count {
            guard input.count - offset >= 4 else { throw .truncatedInput(codec: "snappy") }
            let length = Int(input[offset]) << 24 | Int(input[offset + 1]) << 16 | Int(input[offset + 2]) << 8 | Int(input[offset + 3])
            offset += 4
            guard length <= input.count - offset else { throw .truncatedInput(codec: "snappy") }
            let block = UnsafeRawBufferPointer(rebasing: input[offset..<offset + length])
            let piece = try decompress(block, limit: limit - output.count)
            output.append(contentsOf: piece)
            offset += length
        }
        return output
    }

    /// Wraps raw snappy blocks of at most 32 KiB input each in the xerial framing.
    public static func compressXerial(_ input: UnsafeRawBufferPointer) throws(CodecError) -> [UInt8] {
        var output = xerialMagic + [0, 0, 0, 1, 0, 0, 0, 1]
        var offset = 0
        repeat {
            let n = Swift.min(32 * 1024, input.count - offset)
            let block = try compress(UnsafeRawBufferPointer(rebasing: input[offset..<offset + n]))
            let len = UInt32(block.count)
            output += [UInt8(len >> 24), UInt8((len >> 16) & 0xFF), UInt8((len >> 8) & 0xFF), UInt8(len & 0xFF)]
            output += block
            offset += n
        } while offset < input.count
        return output
    }
}
