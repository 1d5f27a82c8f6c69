/// Encodes values as Parquet's RLE / bit-packed hybrid: repeated runs of eight or more become RLE runs,
/// everything else goes into bit-packed groups of eight.
enum RLEHybridEncoder {
    /// Appends the runs for `values` (each < 2^bitWidth) to `out`, without a length prefix.
    static func encode<T: FixedWidthInteger>(_ values: UnsafeBufferPointer<T>, bitWidth: Int, into out: inout [UInt8]) {
        let n = values.count
        guard n > 0, let v = values.baseAddress else { return }
        var literalStart = 0
        var i = 0
        while i < n {
            let value = v[i]
            var j = i &+ 1
            while j < n && v[j] == value { j &+= 1 }
            let run = j - i
            // A literal segment must hold a multiple of eight values before an RLE run can follow it, so
            // lend the run's first values to the literals when needed.
            let pad = (8 - (i - literalStart) % 8) % 8
            if run - pad >= 8 {
                let literalEnd = i + pad
                if literalEnd > literalStart {
                    writeLiterals(v + literalStart, count: literalEnd - literalStart, bitWidth: bitWidth, into: &out)
                }
                writeRepeated(UInt64(truncatingIfNeeded: value), count: run - pad, bitWidth: bitWidth, into: &out)
                literalStart = j
            }
            i = j
        }
        if literalStart < n {
            writeLiterals(v + literalStart, count: n - literalStart, bitWidth: bitWidth, into: &out)
        }
    }

    /// Convenience over an array.
    static func encode<T: FixedWidthInteger>(_ values: [T], bitWidth: Int, into out: inout [UInt8]) {
        values.withUnsafeBufferPointer { encode($0, bitWidth: bitWidth, into: &out) }
    }

    private static func writeVarint(_ value: UInt64, into out: inout [UInt8]) {
        var x = value
        while x >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: x) | 0x80)
            x >>= 7
        }
        out.append(UInt8(x))
    }

    private static func writeRepeated(_ value: UInt64, count: Int, bitWidth: Int, into out: inout [UInt8]) {
        writeVarint(UInt64(count) << 1, into: &out)
        var x = value
        for _ in 0..<(bitWidth + 7) / 8 {
            out.append(UInt8(truncatingIfNeeded: x))
            x >>= 8
        }
    }

    /// One bit-packed run; a count that is not a multiple of eight is padded with zeros (only at the end).
    private static func writeLiterals<T: FixedWidthInteger>(
        _ values: UnsafePointer<T>, count: Int, bitWidth: Int, into out: inout [UInt8]
    ) {
        let groups = (count + 7) / 8
        writeVarint(UInt64(groups) << 1 | 1, into: &out)
        let start = out.count
        BitPacking.pack(values, count: count, bitWidth: bitWidth, into: &out)
        let wanted = start + groups * bitWidth
        if out.count < wanted { out.append(contentsOf: repeatElement(0, count: wanted - out.count)) }
    }
}
