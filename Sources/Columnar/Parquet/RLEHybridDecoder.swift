/// Decodes Parquet's RLE / bit-packed hybrid: runs of one repeated value and groups of eight bit-packed values.
/// Used for definition and repetition levels, dictionary indices and RLE booleans.
struct RLEHybridDecoder: ~Copyable {
    private let bytes: UnsafeRawBufferPointer
    private var position: Int
    private let bitWidth: Int
    private let valueBytes: Int
    /// Values left in the current run and, for a repeated run, its value.
    private var repeatLeft = 0
    private var repeatValue: UInt64 = 0
    private var packedLeft = 0
    private var packedBit = 0

    /// `bytes` holds the runs (no length prefix); `bitWidth` is 0...32.
    init(_ bytes: UnsafeRawBufferPointer, bitWidth: Int) throws(ParquetError) {
        guard (0...32).contains(bitWidth) else {
            throw .corruptEncoding(encoding: "RLE", detail: "bit width \(bitWidth) out of range")
        }
        self.bytes = bytes
        self.position = 0
        self.bitWidth = bitWidth
        self.valueBytes = (bitWidth + 7) / 8
    }

    /// Decodes exactly `count` values into `out`.
    mutating func decode<T: FixedWidthInteger>(into out: UnsafeMutablePointer<T>, count: Int) throws(ParquetError) {
        var done = 0
        while done < count {
            if repeatLeft > 0 {
                let n = Swift.min(repeatLeft, count - done)
                (out + done).initialize(repeating: T(truncatingIfNeeded: repeatValue), count: n)
                repeatLeft -= n
                done += n
            } else if packedLeft > 0 {
                let n = Swift.min(packedLeft, count - done)
                unpackFromBit(into: out + done, count: n)
                packedLeft -= n
                done += n
            } else {
                try nextRun()
            }
        }
    }

    /// Skips `count` values.
    mutating func skip(_ count: Int) throws(ParquetError) {
        var left = count
        while left > 0 {
            if repeatLeft > 0 {
                let n = Swift.min(repeatLeft, left)
                repeatLeft -= n
                left -= n
            } else if packedLeft > 0 {
                let n = Swift.min(packedLeft, left)
                packedLeft -= n
                packedBit += n * bitWidth
                left -= n
            } else {
                try nextRun()
            }
        }
    }

    private mutating func unpackFromBit(into out: UnsafeMutablePointer<some FixedWidthInteger>, count: Int) {
        if packedBit & 7 == 0 {
            BitPacking.unpack(bytes, offset: packedBit >> 3, bitWidth: bitWidth, count: count, into: out)
        } else {
            // Only reached after a partial read of a run; read value by value from the bit position.
            guard let base = bytes.baseAddress else { return }
            for i in 0..<count {
                out[i] = .init(truncatingIfNeeded: BitPacking.slowRead(base, end: bytes.count, bit: packedBit + i * bitWidth,
                                                                        bitWidth: bitWidth))
            }
        }
        packedBit += count * bitWidth
    }

    private mutating func readVarint() throws(ParquetError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.count else { throw Self.exhausted() }
            let b = bytes[position]
            position += 1
            guard shift < 63 else { throw .corruptEncoding(encoding: "RLE", detail: "run header varint too long") }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
        }
    }

    private static func exhausted() -> ParquetError {
        .corruptEncoding(encoding: "RLE", detail: "ran out of runs before all values were read")
    }

    private mutating func nextRun() throws(ParquetError) {
        let header = try readVarint()
        if header & 1 == 1 {
            let groups = header >> 1
            guard groups > 0, groups <= UInt64(bytes.count) else {
                throw .corruptEncoding(encoding: "RLE", detail: "bit-packed run of \(groups) groups")
            }
            let wanted = Int(groups) * bitWidth
            let available = bytes.count - position
            // Some writers truncate the final run to the bytes its values need; accept what is there.
            let runBytes = Swift.min(wanted, available)
            let values = bitWidth == 0 ? Int(groups) * 8 : runBytes * 8 / bitWidth
            guard values > 0 else { throw Self.exhausted() }
            packedLeft = Swift.min(values, Int(groups) * 8)
            packedBit = position * 8
            position += runBytes
        } else {
            let run = header >> 1
            guard run > 0, run <= UInt64(Int32.max) else {
                throw .corruptEncoding(encoding: "RLE", detail: "repeated run of \(run) values")
            }
            guard bytes.count - position >= valueBytes else { throw Self.exhausted() }
            var v: UInt64 = 0
            for i in 0..<valueBytes { v |= UInt64(bytes[position + i]) << UInt64(8 * i) }
            position += valueBytes
            guard bitWidth == 32 || v >> UInt64(bitWidth) == 0 else {
                throw .corruptEncoding(encoding: "RLE", detail: "repeated value \(v) wider than \(bitWidth) bits")
            }
            repeatValue = v
            repeatLeft = Int(run)
        }
    }
}
