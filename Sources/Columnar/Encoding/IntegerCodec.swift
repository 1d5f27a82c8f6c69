/// Frame-of-reference and delta bit-packing for 64-bit integers (docs/FORMAT.md §5.3, §5.4).
/// Values go in blocks of 128: a width byte, the block minimum as a zigzag varint, then each value minus the
/// minimum bit-packed at that width. All arithmetic wraps, so every Int64 sequence round-trips exactly.
enum IntegerCodec {
    static let blockSize = 128

    /// Appends the frame-of-reference encoding of `values`.
    static func encodeFOR(_ values: UnsafeBufferPointer<Int64>, into out: inout ByteWriter) {
        var start = 0
        while start < values.count {
            let end = min(start + blockSize, values.count)
            var lo = values[start], hi = values[start]
            for i in (start + 1)..<end {
                let v = values[i]
                if v < lo { lo = v }
                if v > hi { hi = v }
            }
            let width = BitPack.width(of: UInt64(bitPattern: hi &- lo))
            out.u8(UInt8(width))
            out.zigzag(lo)
            let base = start
            BitPack.pack(count: end - start, width: width, into: &out.bytes) { k in
                UInt64(bitPattern: values[base + k] &- lo)
            }
            start = end
        }
    }

    /// The exact byte count `encodeFOR` would write for `count` values produced by `value(i)`, without writing.
    @inline(__always)
    static func sizeFOR(count: Int, _ value: (Int) -> Int64) -> Int {
        var size = 0
        var start = 0
        while start < count {
            let end = min(start + blockSize, count)
            var lo = value(start), hi = lo
            for i in (start + 1)..<end {
                let v = value(i)
                if v < lo { lo = v }
                if v > hi { hi = v }
            }
            size += 1 + varintSize(UInt64(bitPattern: (lo << 1) ^ (lo >> 63)))
                + BitPack.byteCount(count: end - start, width: BitPack.width(of: UInt64(bitPattern: hi &- lo)))
            start = end
        }
        return size
    }

    /// The exact byte count `encodeFOR` would write for `values`.
    static func sizeFOR(_ values: UnsafeBufferPointer<Int64>) -> Int { sizeFOR(count: values.count) { values[$0] } }

    /// The exact byte count `encodeDelta` would write for `values`.
    static func sizeDelta(_ values: UnsafeBufferPointer<Int64>) -> Int {
        guard let first = values.first else { return 0 }
        return varintSize(UInt64(bitPattern: (first << 1) ^ (first >> 63)))
            + sizeFOR(count: values.count - 1) { values[$0 + 1] &- values[$0] }
    }

    @inline(__always) static func varintSize(_ v: UInt64) -> Int { max(1, (64 - v.leadingZeroBitCount + 6) / 7) }

    /// Decodes `count` values written by `encodeFOR`, passing each to `sink(i, value)`.
    static func decodeFOR(_ reader: inout ByteReader, count: Int, _ sink: (Int, Int64) -> Void) throws(ColumnarError) {
        var start = 0
        while start < count {
            let n = min(blockSize, count - start)
            let width = Int(try reader.u8())
            guard width <= 64 else { throw reader.corrupt("bit width \(width) exceeds 64") }
            let reference = try reader.zigzag()
            let src = try reader.bytes(BitPack.byteCount(count: n, width: width))
            let base = start
            BitPack.unpack(src, count: n, width: width) { k, v in sink(base + k, reference &+ Int64(bitPattern: v)) }
            start += n
        }
    }

    /// Appends the delta encoding: the first value as a zigzag varint, then the frame-of-reference encoding
    /// of the differences between neighbours.
    static func encodeDelta(_ values: UnsafeBufferPointer<Int64>, into out: inout ByteWriter) {
        guard let first = values.first else { return }
        out.zigzag(first)
        let deltas = [Int64](unsafeUninitializedCapacity: values.count - 1) { buf, n in
            for i in 1..<values.count { buf[i - 1] = values[i] &- values[i - 1] }
            n = values.count - 1
        }
        deltas.withUnsafeBufferPointer { encodeFOR($0, into: &out) }
    }

    /// Decodes `count` values written by `encodeDelta`.
    static func decodeDelta(_ reader: inout ByteReader, count: Int, _ sink: (Int, Int64) -> Void) throws(ColumnarError) {
        guard count > 0 else { return }
        var previous = try reader.zigzag()
        sink(0, previous)
        try decodeFOR(&reader, count: count - 1) { i, d in
            previous = previous &+ d
            sink(i + 1, previous)
        }
    }
}
