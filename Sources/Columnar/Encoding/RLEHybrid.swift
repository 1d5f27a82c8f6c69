/// The run-length / bit-packed hybrid used for validity, booleans and dictionary indices (docs/FORMAT.md §5.2).
/// A stream of runs, each introduced by a varint header: even header = a run of `header >> 1` copies of one
/// value stored in ceil(width / 8) little-endian bytes; odd header = `header >> 1` groups of 8 bit-packed values.
enum RLEHybrid {
    /// Appends the encoding of `count` values (each < 2^width, width 0...32) produced by `value(i)`.
    ///
    /// Only maximal runs of at least 8 equal values can become run-length runs, so the scan looks for those alone,
    /// counting equal neighbours without a branch per value; everything between them is bit-packed in one go.
    @inline(__always)
    static func encode(count: Int, width: Int, into out: inout ByteWriter, _ value: (Int) -> UInt32) {
        let valueBytes = (width + 7) / 8
        var literalStart = 0  // first value not yet emitted
        func flushLiterals(upTo end: Int, _ out: inout ByteWriter) {
            let n = end - literalStart
            guard n > 0 else { return }
            let groups = (n + 7) / 8
            out.varint(UInt64(groups) << 1 | 1)
            let start = literalStart
            BitPack.pack(count: n, width: width, into: &out.bytes) { k in UInt64(value(start + k)) }
            // The last group is padded with zero values (whole zero bytes past the packed ones).
            let padded = BitPack.byteCount(count: groups * 8, width: width) - BitPack.byteCount(count: n, width: width)
            if padded > 0 { out.bytes.append(contentsOf: repeatElement(0, count: padded)) }
            literalStart = end
        }
        var i = 0
        while i < count {
            // The next maximal run of 8 or more equal values at or after i (i starts a run: the previous one ended).
            var equal = 0
            var k = i + 1
            var previous = value(i)
            while k < count {
                let v = value(k)
                equal = v == previous ? equal + 1 : 0
                previous = v
                if equal >= 7 { break }
                k += 1
            }
            guard k < count else { break }
            let runStart = k - 7
            var runEnd = k + 1
            while runEnd < count && value(runEnd) == previous { runEnd += 1 }
            let run = runEnd - runStart
            // Literal groups hold multiples of 8 values: lend the start of a long run to round them up.
            let pending = runStart - literalStart
            let lend = pending % 8 == 0 ? 0 : 8 - pending % 8
            if run - lend >= 8 {
                flushLiterals(upTo: runStart + lend, &out)
                out.varint(UInt64(run - lend) << 1)
                for b in 0..<valueBytes { out.u8(UInt8(truncatingIfNeeded: previous >> UInt32(b * 8))) }
                literalStart = runEnd
            }
            i = runEnd
        }
        // Padding after the last literal is ignored by the decoder, which stops at `count`.
        flushLiterals(upTo: count, &out)
    }

    /// Decodes exactly `count` values of `width` bits from `reader`, passing each to `sink(i, value)`;
    /// values must be at most `maxValue`.
    static func decode(_ reader: inout ByteReader, count: Int, width: Int, maxValue: UInt32,
                       _ sink: (Int, UInt32) -> Void) throws(ColumnarError) {
        guard width >= 0 && width <= 32 else { throw reader.corrupt("bit width \(width) out of range") }
        let valueBytes = (width + 7) / 8
        var produced = 0
        while produced < count {
            let header = try reader.varint()
            let left = count - produced
            if header & 1 == 0 {
                let n = header >> 1
                guard n > 0, n <= UInt64(left) else { throw reader.corrupt("run of \(n) values, \(left) expected") }
                var v: UInt32 = 0
                for b in 0..<valueBytes { v |= UInt32(try reader.u8()) << UInt32(b * 8) }
                guard v <= maxValue else { throw reader.corrupt("value \(v) exceeds \(maxValue)") }
                for k in 0..<Int(n) { sink(produced + k, v) }
                produced += Int(n)
            } else {
                let groups = header >> 1
                guard groups > 0, groups <= UInt64((left + 7) / 8) else {
                    throw reader.corrupt("\(groups) bit-packed groups, \(left) values expected")
                }
                let n = Int(groups) * 8
                let src = try reader.bytes(BitPack.byteCount(count: n, width: width))
                let take = min(n, left)
                var bad = false
                let base = produced
                BitPack.unpack(src, count: take, width: width) { k, v in
                    if v > UInt64(maxValue) { bad = true }
                    sink(base + k, UInt32(truncatingIfNeeded: v))
                }
                if bad { throw reader.corrupt("bit-packed value exceeds \(maxValue)") }
                produced += take
            }
        }
    }
}
