/// Z85 (ZeroMQ RFC 32), the Base85 variant Delta uses in `pathOrInlineDv`: every 4 bytes, read big-endian,
/// become 5 characters, most significant digit first. Delta pads inline data with zero bytes to a multiple of
/// 4 and records the true length in `sizeInBytes`, so decoding takes the length to keep.
enum Z85 {
    static let alphabet: [UInt8] = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#".utf8)

    /// Character → digit, 0xFF for characters outside the alphabet.
    static let digits: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    /// Encodes `bytes`, zero-padded to a multiple of 4.
    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 3) / 4 * 5)
        var i = 0
        while i < bytes.count {
            var word: UInt32 = 0
            for k in 0..<4 { word = word << 8 | UInt32(i + k < bytes.count ? bytes[i + k] : 0) }
            var chars = [UInt8](repeating: 0, count: 5)
            for k in stride(from: 4, through: 0, by: -1) {
                chars[k] = alphabet[Int(word % 85)]
                word /= 85
            }
            out.append(contentsOf: chars)
            i += 4
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `text` (a multiple of 5 characters) and keeps the first `count` bytes (all when nil);
    /// nil when a character is outside the alphabet, a group overflows 32 bits, or `count` is too large.
    static func decode(_ text: String, count: Int? = nil) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 5 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 5 * 4)
        var i = 0
        while i < chars.count {
            var word: UInt64 = 0
            for k in 0..<5 {
                let d = digits[Int(chars[i + k])]
                guard d != 0xFF else { return nil }
                word = word * 85 + UInt64(d)
            }
            guard word <= UInt64(UInt32.max) else { return nil }
            out.append(UInt8(truncatingIfNeeded: word >> 24))
            out.append(UInt8(truncatingIfNeeded: word >> 16))
            out.append(UInt8(truncatingIfNeeded: word >> 8))
            out.append(UInt8(truncatingIfNeeded: word))
            i += 5
        }
        guard let count else { return out }
        guard count >= 0, count <= out.count else { return nil }
        return Array(out.prefix(count))
    }
}
