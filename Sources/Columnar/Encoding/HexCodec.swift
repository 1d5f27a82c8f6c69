/// The `hex` encoding (docs/FORMAT.md §5.7): strings that all have one length and are hex digits of one
/// case, with one separator character at fixed positions (UUIDs, 32-hex CommCare ids), stored as packed nibbles.
/// Halves such columns before compression, which cannot reach that on its own.
enum HexCodec {
    static let lower: [UInt8] = Array("0123456789abcdef".utf8)
    static let upper: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// The nibble of a hex digit of the given case, or nil.
    @inline(__always) static func nibble(_ c: UInt8, upper: Bool) -> UInt8? {
        switch c {
        case 0x30...0x39: return c &- 0x30
        case 0x61...0x66 where !upper: return c &- 0x61 &+ 10
        case 0x41...0x46 where upper: return c &- 0x41 &+ 10
        default: return nil
        }
    }

    /// Appends the encoding of the present values, or returns false (writing nothing) if they do not qualify.
    static func encode(_ v: BinaryVector, into w: inout ByteWriter) -> Bool {
        v.withUnsafeBuffers { offs, all in
            // The layout comes from the first present value; every other value must match it.
            guard let first = (0..<v.count).first(where: { !v.isNull($0) }) else { return false }
            let f = UnsafeRawBufferPointer(rebasing: all[offs[first]..<offs[first + 1]])
            let length = f.count
            guard length > 0, length <= 1024 else { return false }
            var separator: UInt8 = 0
            var isSeparator = [Bool](repeating: false, count: length)
            var upper: Bool?
            for (k, c) in f.enumerated() {
                switch c {
                case 0x30...0x39: continue
                case 0x61...0x66:
                    if upper == true { return false }
                    upper = false
                case 0x41...0x46:
                    if upper == false { return false }
                    upper = true
                default:
                    if separator == 0 { separator = c } else if separator != c { return false }
                    isSeparator[k] = true
                }
            }
            let isUpper = upper ?? false
            let packer = HexPacker(length: length, separator: separator, isSeparator: isSeparator, upper: isUpper)
            let positions = packer.separators
            guard packer.digits > 0 else { return false }
            let perValue = packer.packedSize
            let present = v.count - v.nullCount
            let validity = v.validity
            // Header and values go straight into `w`, taken back if a value does not fit the layout.
            let mark = w.count
            w.u8(isUpper ? 1 : 0)
            w.varint(length)
            w.u8(separator)
            w.varint(positions.count)
            for p in positions { w.varint(p) }
            let valuesAt = w.count
            w.bytes.append(contentsOf: repeatElement(0, count: perValue * present))
            let ok = w.bytes.withUnsafeMutableBytes { out in
                withUnsafeTemporaryAllocation(byteCount: packer.scratchSize, alignment: 8) { tmp in
                    guard let dst = out.baseAddress, let src = all.baseAddress, let t = tmp.baseAddress else { return present == 0 }
                    var o = valuesAt
                    for i in 0..<v.count {
                        if let validity, !validity[i] { continue }
                        let start = offs[i]
                        guard offs[i + 1] - start == length, o + perValue <= out.count,
                              packer.pack(src + start, readable: all.count - start, scratch: t, into: dst + o) else { return false }
                        o += perValue
                    }
                    return true
                }
            }
            if !ok { w.bytes.removeSubrange(mark...) }
            return ok
        }
    }

    /// The two characters of each packed byte, first in the low byte, per case (built once, not per page).
    static let lowerPairs = digitPairs(lower)
    static let upperPairs = digitPairs(upper)

    private static func digitPairs(_ table: [UInt8]) -> [UInt16] {
        (0..<256).map { b in UInt16(table[b >> 4]) | UInt16(table[b & 0x0F]) << 8 }
    }

    /// Decodes `present` values, appending their bytes to `bytes`; returns the length every value has.
    static func decode(_ r: inout ByteReader, present: Int, into bytes: inout [UInt8]) throws(ColumnarError) -> Int {
        let flags = try r.u8()
        guard flags <= 1 else { throw r.corrupt("hex flags \(flags)") }
        let length = try r.count("hex value length", limit: 1024)
        let separator = try r.u8()
        if separator != 0 { guard nibble(separator, upper: flags == 1) == nil else { throw r.corrupt("hex separator is a digit") } }
        let count = try r.count("hex separator count", limit: length)
        // The value's layout: separators filled in, and the output position of each digit.
        var template = [UInt8](repeating: 0, count: length)
        var isSeparator = [Bool](repeating: false, count: length)
        var last = -1
        for _ in 0..<count {
            let p = try r.count("hex separator position", limit: length - 1)
            guard p > last else { throw r.corrupt("hex separator positions not increasing") }
            template[p] = separator
            isSeparator[p] = true
            last = p
        }
        let digits = length - count
        guard digits > 0 else { throw r.corrupt("hex values without digits") }
        let digitPositions = (0..<length).filter { !isSeparator[$0] }
        let perValue = (digits + 1) / 2
        guard present <= r.remaining / perValue else { throw r.truncated(present * perValue) }
        let src = try r.bytes(present * perValue)
        let table = flags == 1 ? upper : lower
        // Each packed byte becomes two characters; when its two digits are adjacent they are stored as one pair.
        let pairs = flags == 1 ? upperPairs : lowerPairs
        let adjacent = stride(from: 0, to: digits - 1, by: 2).allSatisfy { digitPositions[$0 + 1] == digitPositions[$0] + 1 }
        bytes.appendFilling(present * length, zero: 0) { out in
            guard let dst = UnsafeMutableRawPointer(out.baseAddress), let s = src.baseAddress else { return }
            template.withUnsafeBytes { tpl in
                digitPositions.withUnsafeBufferPointer { pos in
                    pairs.withUnsafeBufferPointer { pr in
                        var o = 0
                        var i = 0
                        for _ in 0..<present {
                            if count > 0, let t = tpl.baseAddress { (dst + o).copyMemory(from: t, byteCount: length) }
                            var d = 0
                            if adjacent {
                                while d + 1 < digits {
                                    (dst + o + pos[d]).storeBytes(of: pr[Int(s.load(fromByteOffset: i, as: UInt8.self))].littleEndian,
                                                                  as: UInt16.self)
                                    i += 1
                                    d += 2
                                }
                            } else {
                                while d + 1 < digits {
                                    let b = Int(s.load(fromByteOffset: i, as: UInt8.self))
                                    (dst + o + pos[d]).storeBytes(of: table[b >> 4], as: UInt8.self)
                                    (dst + o + pos[d + 1]).storeBytes(of: table[b & 0x0F], as: UInt8.self)
                                    i += 1
                                    d += 2
                                }
                            }
                            if d < digits {
                                let b = Int(s.load(fromByteOffset: i, as: UInt8.self))
                                (dst + o + pos[d]).storeBytes(of: table[b >> 4], as: UInt8.self)
                                i += 1
                            }
                            o += length
                        }
                    }
                }
            }
        }
        return length
    }
}
