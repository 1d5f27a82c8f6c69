import Foundation

/// The value decoders of each encoding. Each appends `n` values densely at `count` (the caller has checked
/// that `n <= free`) and advances `count`; all input lengths are checked before any byte is read.
extension LeafValues {
    private static func corrupt(_ encoding: String, _ detail: String) -> ParquetError {
        .corruptEncoding(encoding: encoding, detail: detail)
    }

    private static func le32(_ d: UnsafeRawBufferPointer, _ at: Int) -> Int {
        Int(UInt32(littleEndian: d.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
    }

    /// Copies `n` fixed-width little-endian values into `array` at `at`.
    private static func copyFixed<T>(_ data: UnsafeRawBufferPointer, _ n: Int, into array: inout [T], at: Int) {
        array.withUnsafeMutableBytes { dst in
            guard let d = dst.baseAddress, let s = data.baseAddress else { return }
            memcpy(d + at * MemoryLayout<T>.stride, s, n * MemoryLayout<T>.stride)
        }
    }

    /// PLAIN. Returns the number of bytes used.
    @discardableResult
    mutating func appendPlain(_ data: UnsafeRawBufferPointer, count n: Int, physical: ParquetPhysicalType,
                              typeLength: Int) throws(ParquetError) -> Int {
        func need(_ bytes: Int) throws(ParquetError) {
            guard bytes <= data.count else { throw Self.corrupt("PLAIN", "\(n) \(physical) values need \(bytes) bytes, page has \(data.count)") }
        }
        var used = 0
        switch physical {
        case .boolean:
            used = (n + 7) / 8
            try need(used)
            booleans.withUnsafeMutableBufferPointer { b in
                for i in 0..<n { b[count + i] = (data[i >> 3] >> UInt8(i & 7)) & 1 }
            }
        case .int32:
            used = n * 4
            try need(used)
            Self.copyFixed(data, n, into: &int32, at: count)
        case .float:
            used = n * 4
            try need(used)
            Self.copyFixed(data, n, into: &float, at: count)
        case .int64:
            used = n * 8
            try need(used)
            Self.copyFixed(data, n, into: &int64, at: count)
        case .double:
            used = n * 8
            try need(used)
            Self.copyFixed(data, n, into: &double, at: count)
        case .int96:
            used = n * 12
            try need(used)
            for i in 0..<n {
                let nanos = Int64(littleEndian: data.loadUnaligned(fromByteOffset: i * 12, as: Int64.self))
                let day = Int64(Int32(littleEndian: data.loadUnaligned(fromByteOffset: i * 12 + 8, as: Int32.self)))
                // Julian day 2440588 is 1970-01-01. Days beyond ±292,000 years wrap instead of trapping.
                int64[count + i] = (day - 2_440_588) &* 86_400_000_000 &+ nanos / 1000
            }
        case .byteArray:
            bytes.reserveCapacity(bytes.count + data.count)
            var p = 0
            var end = offsets[count]
            for i in 0..<n {
                guard data.count - p >= 4 else { throw Self.corrupt("PLAIN", "byte array \(i) of \(n): truncated length") }
                let len = Self.le32(data, p)
                p += 4
                guard len <= data.count - p else { throw Self.corrupt("PLAIN", "byte array \(i) of \(n): length \(len) past the page") }
                bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: data[p..<p + len]))
                p += len
                end += len
                offsets[count + i + 1] = end
            }
            used = p
        case .fixedLenByteArray:
            guard typeLength > 0 else { throw .invalidMetadata("FIXED_LEN_BYTE_ARRAY of length \(typeLength)") }
            used = n * typeLength
            try need(used)
            appendFixedLength(data, count: n, width: typeLength)
        default:
            throw .unsupported("physical type \(physical)")
        }
        count += n
        return used
    }

    private mutating func appendFixedLength(_ data: UnsafeRawBufferPointer, count n: Int, width: Int) {
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: data[0..<n * width]))
        var end = offsets[count]
        for i in 0..<n {
            end += width
            offsets[count + i + 1] = end
        }
    }

    /// Dictionary indices (already decoded): gathers the dictionary's values.
    mutating func appendIndices(_ indices: UnsafeBufferPointer<UInt32>, dictionary d: LeafValues) throws(ParquetError) {
        let n = indices.count
        var maxIndex: UInt32 = 0
        for i in indices where i > maxIndex { maxIndex = i }
        guard n == 0 || Int(maxIndex) < d.count else {
            throw Self.corrupt("RLE_DICTIONARY", "index \(maxIndex) into a dictionary of \(d.count)")
        }
        let at = count
        switch storage {
        case .boolean: Self.gather(d.booleans, indices, into: &booleans, at: at)
        case .int32: Self.gather(d.int32, indices, into: &int32, at: at)
        case .int64: Self.gather(d.int64, indices, into: &int64, at: at)
        case .float: Self.gather(d.float, indices, into: &float, at: at)
        case .double: Self.gather(d.double, indices, into: &double, at: at)
        case .bytes:
            var total = 0
            d.offsets.withUnsafeBufferPointer { o in
                for i in indices { total += o[Int(i) + 1] - o[Int(i)] }
            }
            var end = offsets[at]
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: total))
            bytes.withUnsafeMutableBytes { dst in
                d.bytes.withUnsafeBytes { src in
                    d.offsets.withUnsafeBufferPointer { o in
                        offsets.withUnsafeMutableBufferPointer { out in
                            guard let db = dst.baseAddress, let sb = src.baseAddress else {
                                for k in 0..<n { out[at + k + 1] = end }
                                return
                            }
                            var w = start
                            for k in 0..<n {
                                let idx = Int(indices[k])
                                let s = o[idx], len = o[idx + 1] - s
                                if len == 8 {
                                    (db + w).storeBytes(of: (sb + s).loadUnaligned(as: UInt64.self), as: UInt64.self)
                                } else {
                                    memcpy(db + w, sb + s, len)
                                }
                                w += len
                                end += len
                                out[at + k + 1] = end
                            }
                        }
                    }
                }
            }
        }
        count += n
    }

    private static func gather<T>(_ dict: [T], _ indices: UnsafeBufferPointer<UInt32>, into out: inout [T], at: Int) {
        dict.withUnsafeBufferPointer { d in
            out.withUnsafeMutableBufferPointer { o in
                for k in 0..<indices.count { o[at + k] = d[Int(indices[k])] }
            }
        }
    }

    /// DELTA_BINARY_PACKED integers. Returns the bytes used.
    @discardableResult
    mutating func appendDeltaBinaryPacked(_ data: UnsafeRawBufferPointer, count n: Int) throws(ParquetError) -> Int {
        let total = try DeltaBinaryPacked.valueCount(data)
        guard total == n else { throw Self.corrupt("DELTA_BINARY_PACKED", "\(total) values where the page has \(n)") }
        let at = count
        let used: Int
        switch storage {
        case .int32:
            used = try int32.withMutableBase(orElse: 0) { base throws(ParquetError) in
                try DeltaBinaryPacked.decode(data, into: base + at, capacity: capacity - at).bytesUsed
            }
        case .int64:
            used = try int64.withMutableBase(orElse: 0) { base throws(ParquetError) in
                try DeltaBinaryPacked.decode(data, into: base + at, capacity: capacity - at).bytesUsed
            }
        default:
            throw .unsupported("DELTA_BINARY_PACKED for \(storage) values")
        }
        count += n
        return used
    }

    /// Decodes a DELTA_BINARY_PACKED stream of lengths (or prefix lengths) into a fresh array.
    private static func lengths(_ data: UnsafeRawBufferPointer, expected n: Int, encoding: String) throws(ParquetError) -> ([Int32], Int) {
        let total = try DeltaBinaryPacked.valueCount(data)
        guard total == n else { throw corrupt(encoding, "\(total) lengths for \(n) values") }
        // One spare slot keeps the buffer non-empty for a page of zero values.
        var out = [Int32](repeating: 0, count: n + 1)
        let used = try out.withMutableBase(orElse: 0) { base throws(ParquetError) in
            try DeltaBinaryPacked.decode(data, into: base, capacity: n).bytesUsed
        }
        out.removeLast()
        for l in out where l < 0 { throw corrupt(encoding, "negative length \(l)") }
        return (out, used)
    }

    /// DELTA_LENGTH_BYTE_ARRAY. Returns the bytes used.
    @discardableResult
    mutating func appendDeltaLengthByteArray(_ data: UnsafeRawBufferPointer, count n: Int) throws(ParquetError) -> Int {
        guard storage == .bytes else { throw .unsupported("DELTA_LENGTH_BYTE_ARRAY for \(storage) values") }
        let (lens, used) = try Self.lengths(data, expected: n, encoding: "DELTA_LENGTH_BYTE_ARRAY")
        var sum = 0
        for l in lens { sum += Int(l) }
        guard sum <= data.count - used else { throw Self.corrupt("DELTA_LENGTH_BYTE_ARRAY", "lengths exceed the page") }
        var end = offsets[count]
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: data[used..<used + sum]))
        for i in 0..<n {
            end += Int(lens[i])
            offsets[count + i + 1] = end
        }
        count += n
        return used + sum
    }

    /// DELTA_BYTE_ARRAY (incremental): each value is a prefix of the previous one plus a suffix.
    mutating func appendDeltaByteArray(_ data: UnsafeRawBufferPointer, count n: Int) throws(ParquetError) {
        guard storage == .bytes else { throw .unsupported("DELTA_BYTE_ARRAY for \(storage) values") }
        let (prefixes, used) = try Self.lengths(data, expected: n, encoding: "DELTA_BYTE_ARRAY")
        let rest = UnsafeRawBufferPointer(rebasing: data[used...])
        let (suffixes, used2) = try Self.lengths(rest, expected: n, encoding: "DELTA_BYTE_ARRAY")
        var p = used2
        var previousStart = -1, previousLength = 0
        var end = offsets[count]
        for i in 0..<n {
            let prefix = Int(prefixes[i]), suffix = Int(suffixes[i])
            guard prefix <= previousLength else { throw Self.corrupt("DELTA_BYTE_ARRAY", "prefix \(prefix) longer than the previous value") }
            guard suffix <= rest.count - p else { throw Self.corrupt("DELTA_BYTE_ARRAY", "suffix past the page") }
            let start = bytes.count
            if prefix > 0 { bytes.append(contentsOf: bytes[previousStart..<previousStart + prefix]) }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[p..<p + suffix]))
            p += suffix
            end += prefix + suffix
            offsets[count + i + 1] = end
            previousStart = start
            previousLength = prefix + suffix
        }
        count += n
    }

    /// BYTE_STREAM_SPLIT: byte `j` of value `i` is at `j * n + i`.
    mutating func appendByteStreamSplit(_ data: UnsafeRawBufferPointer, count n: Int, physical: ParquetPhysicalType,
                                        typeLength: Int) throws(ParquetError) {
        let width: Int
        switch physical {
        case .int32, .float: width = 4
        case .int64, .double: width = 8
        case .fixedLenByteArray: width = typeLength
        default: throw .unsupported("BYTE_STREAM_SPLIT for \(physical)")
        }
        guard width > 0, n * width <= data.count else { throw Self.corrupt("BYTE_STREAM_SPLIT", "page too short") }
        var joined = [UInt8](repeating: 0, count: n * width)
        for i in 0..<n {
            for j in 0..<width { joined[i * width + j] = data[j * n + i] }
        }
        try joined.withRawBytes { raw throws(ParquetError) in
            _ = try appendPlain(raw, count: n, physical: physical, typeLength: typeLength)
        }
    }

    /// RLE-encoded booleans (a 4-byte length, then the hybrid runs of width 1).
    mutating func appendRLEBooleans(_ data: UnsafeRawBufferPointer, count n: Int) throws(ParquetError) {
        guard storage == .boolean else { throw .unsupported("RLE values for \(storage)") }
        guard data.count >= 4 else { throw Self.corrupt("RLE", "missing length prefix") }
        let len = Self.le32(data, 0)
        guard len <= data.count - 4 else { throw Self.corrupt("RLE", "length prefix past the page") }
        var decoder = try RLEHybridDecoder(UnsafeRawBufferPointer(rebasing: data[4..<4 + len]), bitWidth: 1)
        let at = count
        try booleans.withMutableBase(orElse: ()) { base throws(ParquetError) in
            try decoder.decode(into: base + at, count: n)
        }
        count += n
    }
}
