/// DELTA_BINARY_PACKED: a header (block size, miniblocks per block, value count, first value), then blocks of
/// a zigzag minimum delta, one bit width per miniblock, and the miniblocks' bit-packed `delta - min` values.
/// Arithmetic wraps, so INT32 columns decode correctly through 64-bit accumulation and truncation.
enum DeltaBinaryPacked {
    private static func corrupt(_ detail: String) -> ParquetError {
        .corruptEncoding(encoding: "DELTA_BINARY_PACKED", detail: detail)
    }

    private static func varint(_ bytes: UnsafeRawBufferPointer, _ position: inout Int) throws(ParquetError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.count else { throw corrupt("truncated varint") }
            let b = bytes[position]
            position += 1
            guard shift < 64 else { throw corrupt("varint too long") }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
        }
    }

    private static func zigzag(_ bytes: UnsafeRawBufferPointer, _ position: inout Int) throws(ParquetError) -> UInt64 {
        let u = try varint(bytes, &position)
        return (u >> 1) ^ (0 &- (u & 1))
    }

    /// Reads the value count from the header without decoding.
    static func valueCount(_ bytes: UnsafeRawBufferPointer) throws(ParquetError) -> Int {
        var p = 0
        _ = try varint(bytes, &p)
        _ = try varint(bytes, &p)
        let total = try varint(bytes, &p)
        guard total <= UInt64(Int32.max) else { throw corrupt("value count \(total)") }
        return Int(total)
    }

    /// Decodes the stream at the start of `bytes` into `out` (which must hold `valueCount(bytes)` values),
    /// returning the number of values and the number of bytes the stream took.
    @discardableResult
    static func decode<T: FixedWidthInteger>(
        _ bytes: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<T>, capacity: Int
    ) throws(ParquetError) -> (count: Int, bytesUsed: Int) {
        var p = 0
        let blockSize = try varint(bytes, &p)
        let miniblocks = try varint(bytes, &p)
        let total = try varint(bytes, &p)
        var last = try zigzag(bytes, &p)
        guard blockSize > 0, blockSize % 128 == 0, blockSize <= 1 << 20, miniblocks > 0, blockSize % miniblocks == 0,
              (blockSize / miniblocks) % 32 == 0 else {
            throw corrupt("block size \(blockSize) with \(miniblocks) miniblocks")
        }
        guard total <= UInt64(capacity) else { throw corrupt("\(total) values where at most \(capacity) fit") }
        let count = Int(total)
        if count == 0 { return (0, p) }
        out[0] = T(truncatingIfNeeded: last)
        let perMiniblock = Int(blockSize / miniblocks)
        let miniblockCount = Int(miniblocks)
        var done = 1
        var widths = [Int](repeating: 0, count: miniblockCount)
        var scratch = [UInt64](repeating: 0, count: perMiniblock)
        while done < count {
            let minDelta = try zigzag(bytes, &p)
            guard bytes.count - p >= miniblockCount else { throw corrupt("truncated miniblock widths") }
            for m in 0..<miniblockCount { widths[m] = Int(bytes[p + m]) }
            p += miniblockCount
            for m in 0..<miniblockCount where done < count {
                let width = widths[m]
                guard width <= 64 else { throw corrupt("miniblock bit width \(width)") }
                let size = perMiniblock * width / 8
                let n = Swift.min(perMiniblock, count - done)
                // The last miniblock may be cut short by writers that do not pad; accept what holds its values.
                let needed = (n * width + 7) / 8
                guard bytes.count - p >= needed else { throw corrupt("truncated miniblock") }
                scratch.withUnsafeMutableBufferPointer { s in
                    guard let base = s.baseAddress else { return }
                    BitPacking.unpack(bytes, offset: p, bitWidth: width, count: n, into: base)
                    for k in 0..<n {
                        last = last &+ minDelta &+ s[k]
                        out[done + k] = T(truncatingIfNeeded: last)
                    }
                }
                done += n
                p += Swift.min(size, bytes.count - p)
            }
        }
        return (count, p)
    }

    /// Appends the encoding of `values` (as 64-bit two's complement) to `out`.
    static func encode<T: FixedWidthInteger>(_ values: UnsafeBufferPointer<T>, into out: inout [UInt8]) {
        let blockSize = 128, miniblocks = 4, perMiniblock = 32
        appendVarint(UInt64(blockSize), &out)
        appendVarint(UInt64(miniblocks), &out)
        appendVarint(UInt64(values.count), &out)
        guard let v = values.baseAddress, values.count > 0 else {
            appendVarint(0, &out)
            return
        }
        appendZigzag(Int64(truncatingIfNeeded: v[0]), &out)
        // Deltas are taken in the value's own width so that INT32 deltas wrap at 32 bits like other writers'.
        var deltas = [UInt64](repeating: 0, count: blockSize)
        var i = 1
        while i < values.count {
            let n = Swift.min(blockSize, values.count - i)
            var minDelta = Int64.max
            for k in 0..<n {
                let d = Int64(truncatingIfNeeded: v[i + k] &- v[i + k - 1])
                deltas[k] = UInt64(bitPattern: d)
                minDelta = Swift.min(minDelta, d)
            }
            appendZigzag(minDelta, &out)
            var widths = [Int](repeating: 0, count: miniblocks)
            for m in 0..<miniblocks {
                let lo = m * perMiniblock
                guard lo < n else { break }
                var maxBits: UInt64 = 0
                for k in lo..<Swift.min(lo + perMiniblock, n) {
                    deltas[k] = deltas[k] &- UInt64(bitPattern: minDelta)
                    maxBits |= deltas[k]
                }
                widths[m] = BitPacking.width(maxBits)
            }
            for m in 0..<miniblocks { out.append(UInt8(widths[m])) }
            for m in 0..<miniblocks {
                let lo = m * perMiniblock
                guard lo < n else { break }
                // Pad the last miniblock with zeros to a full 32 values.
                for k in n..<Swift.max(n, lo + perMiniblock) { deltas[k] = 0 }
                deltas.withUnsafeBufferPointer { d in
                    guard let base = d.baseAddress else { return }
                    BitPacking.pack(base + lo, count: perMiniblock, bitWidth: widths[m], into: &out)
                }
            }
            i += n
        }
    }

    private static func appendVarint(_ value: UInt64, _ out: inout [UInt8]) {
        var x = value
        while x >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: x) | 0x80)
            x >>= 7
        }
        out.append(UInt8(x))
    }

    private static func appendZigzag(_ value: Int64, _ out: inout [UInt8]) {
        appendVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)), &out)
    }
}
