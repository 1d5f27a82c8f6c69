/// The `tokens` encoding (docs/FORMAT.md §5.8): free text cut into tokens after every space (and at each value's
/// end), stored as a page-local table of distinct tokens and one varint per token occurrence.
///
/// Text made of words from a limited vocabulary (notes, names, addresses) repeats whole words at distances and in
/// orders that zstd's fast levels match poorly and slowly: the token stream is about a quarter of the text, so the
/// compressor has a quarter of the bytes to scan, and a token costs little more than its index's entropy.
enum TokenCodec {
    /// Token indices are varints of at most 3 bytes.
    static let maxTokens = 1 << 21
    /// Pages with fewer present values, or fewer bytes, are not worth tokenizing to see whether it pays: a vocabulary
    /// does not repeat within a handful of values, and trying cost more than the rest of writing a tiny file.
    static let minimumValues = 16
    static let minimumBytes = 64

    /// Appends the encoding of the present values of `v`, or returns false (writing nothing) when they do not
    /// qualify. With `onlyIfSmaller`, they qualify only when they look like text (at least one space per value on
    /// average), number at least `minimumValues` and the tokens take at most half the plain bytes; otherwise
    /// whenever the table fits `maxTokens`.
    static func encode(_ v: BinaryVector, onlyIfSmaller: Bool, into w: inout ByteWriter) -> Bool {
        if onlyIfSmaller && (v.count - v.nullCount < minimumValues || v.totalByteCount < minimumBytes) { return false }
        let lengths = ValueEncoder.presentLengths(v)
        let presentBytes = Int(lengths.reduce(0, +))
        return v.withUnsafeBuffers { offs, all in
            // The present values' bytes, contiguous: null slots are normally empty, otherwise they are gathered.
            if v.validity == nil || presentBytes == offs[v.count] - offs[0] {
                return encode(UnsafeRawBufferPointer(rebasing: all[offs[0]..<offs[v.count]]), lengths: lengths,
                              onlyIfSmaller: onlyIfSmaller, into: &w)
            }
            var gathered: [UInt8] = []
            gathered.reserveCapacity(presentBytes)
            for i in 0..<v.count where !v.isNull(i) { gathered.append(contentsOf: UnsafeRawBufferPointer(rebasing: all[offs[i]..<offs[i + 1]])) }
            return gathered.withUnsafeBytes { encode($0, lengths: lengths, onlyIfSmaller: onlyIfSmaller, into: &w) }
        }
    }

    /// `encode` of the values whose bytes are `text`, one after the other, of the given `lengths`.
    private static func encode(_ text: UnsafeRawBufferPointer, lengths: [Int64], onlyIfSmaller: Bool,
                               into w: inout ByteWriter) -> Bool {
        let size = text.count
        if onlyIfSmaller && size < minimumBytes { return false }
        let (ends, spaces) = tokenEnds(text, lengths: lengths)
        if onlyIfSmaller && spaces < lengths.count { return false }
        var table = TokenTable(expected: min(size / 256, 1 << 14))
        let maxBytes = onlyIfSmaller ? size / 4 : Int.max
        var ok = true
        // Every token has at least one byte and its index at most 3 (stored as 4, the last overwritten).
        let indices = [UInt8](unsafeUninitializedCapacity: 3 * size + 4) { out, written in
            written = 0
            guard let dst = UnsafeMutableRawPointer(out.baseAddress) else { return }
            var o = 0
            var start = 0
            ends.withUnsafeBufferPointer { ends in
                for k in 0..<ends.count {
                    var m = ends[k]
                    while m != 0 {
                        let end = k << 6 | m.trailingZeroBitCount
                        m &= m &- 1
                        let n = end + 1 - start
                        guard let entry = table.entry(text, start: start, count: n, maxEntries: maxTokens, maxBytes: maxBytes) else {
                            ok = false
                            return
                        }
                        // The index as a varint of 1 to 3 bytes, without branching on its size.
                        let e = UInt32(truncatingIfNeeded: entry)
                        let two: UInt32 = e >= 0x80 ? 1 : 0, three: UInt32 = e >= 0x4000 ? 1 : 0
                        let bytes = (e & 0x7F) | two << 7 | (e >> 7 & 0x7F) << 8 | three << 15 | (e >> 14) << 16
                        (dst + o).storeBytes(of: bytes.littleEndian, as: UInt32.self)
                        o += 1 + Int(two + three)
                        start = end + 1
                    }
                }
            }
            written = ok ? o : 0
        }
        guard ok else { return false }
        let mark = w.count
        lengths.withUnsafeBufferPointer { IntegerCodec.encodeFOR($0, into: &w) }
        w.varint(table.count)
        let tokenLengths = table.offsets.indices.dropFirst().map { Int64(table.offsets[$0] - table.offsets[$0 - 1]) }
        tokenLengths.withUnsafeBufferPointer { IntegerCodec.encodeFOR($0, into: &w) }
        w.append(table.bytes)
        w.varint(indices.count)
        w.append(indices)
        if onlyIfSmaller && (w.count - mark) * 2 > size {
            w.bytes.removeSubrange(mark...)
            return false
        }
        return true
    }

    /// One bit per byte of `text`, set on each token's last byte: a space, or a value's last byte; and the number
    /// of spaces.
    private static func tokenEnds(_ text: UnsafeRawBufferPointer, lengths: [Int64]) -> (ends: [UInt64], spaces: Int) {
        let size = text.count
        var ends = [UInt64](repeating: 0, count: (size + 63) / 64)
        var spaces = 0
        ends.withUnsafeMutableBufferPointer { e in
            var i = 0
            while i + 8 <= size {
                let x = UInt64(littleEndian: text.loadUnaligned(fromByteOffset: i, as: UInt64.self)) ^ 0x2020_2020_2020_2020
                let nonZero = (((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x) & 0x8080_8080_8080_8080
                // The high bit of each space byte, gathered into the top byte (byte k to bit 56 + k).
                let gathered = (((~nonZero & 0x8080_8080_8080_8080) >> 7) &* 0x0102_0408_1020_4080) >> 56
                e[i >> 6] |= gathered << UInt64(i & 63)
                spaces += gathered.nonzeroBitCount
                i += 8
            }
            while i < size {
                if text[i] == 0x20 {
                    e[i >> 6] |= 1 << UInt64(i & 63)
                    spaces += 1
                }
                i += 1
            }
            var end = 0
            for n in lengths where n > 0 {
                end += Int(n)
                e[(end - 1) >> 6] |= 1 << UInt64((end - 1) & 63)
            }
        }
        return (ends, spaces)
    }

    /// Decodes the token table and references that follow a page's value lengths, appending exactly `byteCount`
    /// bytes (the lengths' sum) to `bytes`.
    static func decode(_ r: inout ByteReader, byteCount: Int, into bytes: inout [UInt8]) throws(ColumnarError) {
        // Tokens are never empty, so there are no more tokens or references than bytes.
        let count = try r.count("token count", limit: min(byteCount, maxTokens))
        guard count <= (r.remaining / 2 + 1) * IntegerCodec.blockSize else { throw r.truncated(count / 64) }
        // Token i is table[offsets[i] ..< offsets[i + 1]]; the table is followed by 16 zero bytes so that a short
        // token can be copied as two whole words.
        var offsets = [Int](repeating: 0, count: count + 1)
        var bad = false
        var longest = 0
        try offsets.withUnsafeMutableBufferPointer { o throws(ColumnarError) in
            var end = 0
            try IntegerCodec.decodeFOR(&r, count: count) { i, v in
                if v < 1 || v > Int64(byteCount) { bad = true; return }
                end &+= Int(v)
                longest = max(longest, Int(v))
                o[i + 1] = end
            }
        }
        guard !bad, let tableBytes = offsets.last else { throw r.corrupt("token lengths") }
        let src = try r.bytes(tableBytes)
        var table = [UInt8](repeating: 0, count: tableBytes + 16)
        table.withUnsafeMutableBytes { t in
            if let d = t.baseAddress, let s = src.baseAddress { d.copyMemory(from: s, byteCount: tableBytes) }
        }
        let refsSize = try r.count("token reference bytes", limit: r.remaining)
        let refs = try r.bytes(refsSize)
        // The values' length comes from the page and is only checked against the tokens as they are copied: a
        // damaged length must not make the output buffer huge first. Each reference byte yields at most one token.
        let (most, overflow) = refsSize.multipliedReportingOverflow(by: longest)
        guard overflow || byteCount <= most else {
            throw r.corrupt("values of \(byteCount) bytes from \(refsSize) token reference bytes")
        }
        var failure: String?
        bytes.appendFilling(byteCount, zero: 0) { out in
            guard let dst = UnsafeMutableRawPointer(out.baseAddress) else {
                if refsSize > 0 { failure = "token references for empty values" }
                return
            }
            table.withUnsafeBytes { t in
                offsets.withUnsafeBufferPointer { offs in
                    guard let tb = t.baseAddress else { return }
                    var o = 0
                    var i = 0
                    while i < refsSize {
                        var e = Int(refs[i])
                        i += 1
                        if e >= 0x80 {
                            e &= 0x7F
                            var shift = 7
                            while true {
                                guard i < refsSize, shift < 21 else { failure = "token reference varint"; return }
                                let b = Int(refs[i])
                                i += 1
                                e |= (b & 0x7F) << shift
                                if b < 0x80 { break }
                                shift += 7
                            }
                        }
                        guard e < count else { failure = "token reference \(e) of \(count) tokens"; return }
                        let at = offs[e]
                        let n = offs[e + 1] - at
                        guard n <= byteCount - o else { failure = "tokens longer than the values"; return }
                        if n <= 16 && o + 16 <= byteCount {
                            (dst + o).storeBytes(of: tb.loadUnaligned(fromByteOffset: at, as: UInt64.self), as: UInt64.self)
                            (dst + o + 8).storeBytes(of: tb.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self), as: UInt64.self)
                        } else {
                            (dst + o).copyMemory(from: tb + at, byteCount: n)
                        }
                        o += n
                    }
                    if o != byteCount { failure = "tokens make \(o) bytes, the values \(byteCount)" }
                }
            }
        }
        if let failure { throw r.corrupt(failure) }
    }
}
