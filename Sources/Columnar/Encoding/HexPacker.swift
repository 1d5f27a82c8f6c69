/// Packs strings of one hex layout (``HexCodec``: fixed length, digits of one case, one separator character at
/// fixed positions) into nibbles, two digits per byte, eight digits at a time with word arithmetic instead of a
/// table lookup per character.
struct HexPacker {
    let length: Int
    let separator: UInt8
    /// Positions of the separator in every value.
    let separators: [Int]
    /// The runs of digits between separators: (start in the value, digit count).
    let runs: [(start: Int, count: Int)]
    let digits: Int
    /// Per-byte bias that carries into a byte's high bit when it is at least the case's `a` / past its `f`.
    private let letterFrom: UInt64, letterPast: UInt64
    /// Nibble of each byte value for the case, 0xFF for anything else (for the last digits, fewer than 8).
    private let table: [UInt8]

    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    init(length: Int, separator: UInt8, isSeparator: [Bool], upper: Bool) {
        self.length = length
        self.separator = separator
        separators = isSeparator.indices.filter { isSeparator[$0] }
        var runs: [(start: Int, count: Int)] = []
        var k = 0
        while k < length {
            if isSeparator[k] { k += 1; continue }
            let start = k
            while k < length && !isSeparator[k] { k += 1 }
            runs.append((start, k - start))
        }
        self.runs = runs
        digits = length - separators.count
        let a: UInt64 = upper ? 0x41 : 0x61
        letterFrom = (0x80 - a) &* Self.ones
        letterPast = (0x80 - (a + 6)) &* Self.ones
        table = upper ? Self.upperNibbles : Self.lowerNibbles
    }

    /// Nibble of each byte value for each case, built once: a table per page cost more than packing a few values.
    static let lowerNibbles = nibbleTable(HexCodec.lower)
    static let upperNibbles = nibbleTable(HexCodec.upper)

    private static func nibbleTable(_ digits: [UInt8]) -> [UInt8] {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (n, c) in digits.enumerated() { table[Int(c)] = UInt8(n) }
        return table
    }

    /// Packed bytes per value.
    var packedSize: Int { (digits + 1) / 2 }

    /// Bytes of scratch space `pack` needs.
    var scratchSize: Int { digits + 16 }

    /// Packs the value of `length` bytes at `p` (of which `readable` bytes may be read) into `packedSize` bytes
    /// at `out`; false when it does not follow the layout (separators, digits of the case).
    @inline(__always)
    func pack(_ p: UnsafeRawPointer, readable: Int, scratch: UnsafeMutableRawPointer, into out: UnsafeMutableRawPointer) -> Bool {
        for s in separators where p.load(fromByteOffset: s, as: UInt8.self) != separator { return false }
        // The digits, contiguous: in place without separators, else gathered with word copies (each may run
        // past its digits: the next run overwrites that) when reading 8 bytes past the value stays in bounds.
        var src = p
        if !separators.isEmpty {
            var d = 0
            if readable >= length + 8 {
                for r in runs {
                    var k = 0
                    while k < r.count {
                        scratch.storeBytes(of: p.loadUnaligned(fromByteOffset: r.start + k, as: UInt64.self), toByteOffset: d + k, as: UInt64.self)
                        k += 8
                    }
                    d += r.count
                }
            } else {
                for r in runs {
                    (scratch + d).copyMemory(from: p + r.start, byteCount: r.count)
                    d += r.count
                }
            }
            src = UnsafeRawPointer(scratch)
        }
        var bad: UInt64 = 0
        var k = 0, o = 0
        while k + 8 <= digits {
            let x = UInt64(littleEndian: src.loadUnaligned(fromByteOffset: k, as: UInt64.self))
            // For bytes below 0x80 (checked), adding a bias below 0x80 cannot carry into the next byte, so each
            // byte's high bit tells whether it reached the bias's threshold.
            let digit = (x &+ 0x50 &* Self.ones) & ~(x &+ 0x46 &* Self.ones)
            let letter = (x &+ letterFrom) & ~(x &+ letterPast)
            bad |= (x | ~(digit | letter)) & Self.highBits
            // '0'...'9' have bit 6 clear and their value in the low nibble; letters have it set and value - 9 there.
            let n = (x & (0x0F &* Self.ones)) &+ ((x >> 6) & Self.ones) &* 9
            var m = ((n << 4) | (n >> 8)) & 0x00FF_00FF_00FF_00FF
            m = (m | (m >> 8)) & 0x0000_FFFF_0000_FFFF
            m = (m | (m >> 16)) & 0xFFFF_FFFF
            out.storeBytes(of: UInt32(truncatingIfNeeded: m).littleEndian, toByteOffset: o, as: UInt32.self)
            k += 8
            o += 4
        }
        if k < digits {
            table.withUnsafeBufferPointer { t in
                var tailBad: UInt8 = 0
                while k + 1 < digits {
                    let hi = t[Int(src.load(fromByteOffset: k, as: UInt8.self))], lo = t[Int(src.load(fromByteOffset: k + 1, as: UInt8.self))]
                    tailBad |= hi | lo
                    out.storeBytes(of: hi << 4 | (lo & 0x0F), toByteOffset: o, as: UInt8.self)
                    k += 2
                    o += 1
                }
                if k < digits {
                    let hi = t[Int(src.load(fromByteOffset: k, as: UInt8.self))]
                    tailBad |= hi
                    out.storeBytes(of: hi << 4, toByteOffset: o, as: UInt8.self)
                }
                // 0xFF marks a non-digit; any digit keeps the high bits clear.
                bad |= UInt64(tailBad & 0xF0)
            }
        }
        return bad == 0
    }
}
