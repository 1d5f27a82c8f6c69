/// Decodes page bodies into a ``ColumnBuilder`` (docs/FORMAT.md §5), validating every count and size.
/// Null slots are filled with zero / empty values, as builders do. Values are decoded straight into the
/// builder's buffers (grown once per page), then moved to their rows when the page has nulls.
enum ValueDecoder {
    /// Decodes one data page body of `rows` rows, `nulls` of them null, appending to `b`.
    /// `dictionary` is the chunk's decoded dictionary page, if it has one.
    static func decodePage(_ r: inout ByteReader, encoding: PageEncoding, rows: Int, nulls: Int,
                           dictionary: DecodedDictionary?, into b: inout ColumnBuilder) throws(ColumnarError) {
        var valid: [UInt8] = []
        if nulls > 0 {
            valid = [UInt8](repeating: 0, count: rows)
            var ones = 0
            try valid.withUnsafeMutableBufferPointer { out throws(ColumnarError) in
                try RLEHybrid.decode(&r, count: rows, width: 1, maxValue: 1) { i, v in
                    out[i] = UInt8(truncatingIfNeeded: v)
                    ones &+= Int(v & 1)
                }
            }
            guard ones == rows - nulls else { throw r.corrupt("validity has \(rows - ones) nulls, header says \(nulls)") }
        }
        let present = rows - nulls
        let before = b.count
        if encoding == .dictionary {
            guard let dictionary else { throw r.corrupt("dictionary-encoded page in a chunk without a dictionary") }
            try decodeDictionaryIndices(&r, present: present, dictionary: dictionary, valid: valid, into: &b)
        } else {
            try decodeValues(&r, encoding: encoding, present: present, valid: valid, into: &b)
        }
        // Validity of the rows just appended.
        if nulls > 0 {
            if b.validity == nil { b.validity = Bitmap(repeating: true, count: before) }
            valid.withUnsafeBufferPointer { b.validity?.append(flags: $0) }
        } else {
            b.validity?.append(repeating: true, count: rows)
        }
        b.count = before + rows
        guard r.isAtEnd else { throw r.corrupt("\(r.remaining) bytes left after the page's values") }
    }

    /// Decodes `present` values (a dictionary page, or a page's values) without touching validity.
    static func decodeValues(_ r: inout ByteReader, encoding: PageEncoding, present: Int, valid: [UInt8],
                             into b: inout ColumnBuilder) throws(ColumnarError) {
        let rows = valid.isEmpty ? present : valid.count
        switch b.type {
        case .boolean:
            var flags = [UInt8](repeating: 0, count: rows)
            try flags.withUnsafeMutableBufferPointer { out throws(ColumnarError) in
                if encoding == .rle {
                    try RLEHybrid.decode(&r, count: present, width: 1, maxValue: 1) { i, v in out[i] = UInt8(truncatingIfNeeded: v) }
                } else {
                    let src = try r.bytes(BitPack.byteCount(count: present, width: 1))
                    BitPack.unpack(src, count: present, width: 1) { i, v in out[i] = UInt8(truncatingIfNeeded: v) }
                }
                out.spread(present: present, valid: valid, zero: 0)
            }
            flags.withUnsafeBufferPointer { b.bools.append(flags: $0) }
        case .int32, .date: try decodeFixed(&r, encoding, present: present, valid: valid, into: &b.i32)
        case .int64, .timestamp: try decodeFixed(&r, encoding, present: present, valid: valid, into: &b.i64)
        case .float32: try decodeFixed(&r, encoding, present: present, valid: valid, into: &b.f32)
        case .float64: try decodeFixed(&r, encoding, present: present, valid: valid, into: &b.f64)
        case .string, .json, .binary: try decodeVarlen(&r, encoding, present: present, valid: valid, into: &b)
        }
    }

    private static func decodeFixed<E: PrimitiveElement>(_ r: inout ByteReader, _ encoding: PageEncoding, present: Int,
                                                         valid: [UInt8], into out: inout [E]) throws(ColumnarError) {
        let rows = valid.isEmpty ? present : valid.count
        switch encoding {
        case .plain:
            let size = MemoryLayout<E>.size
            guard present <= r.remaining / size else { throw r.truncated(present * size) }
            let src = try r.bytes(present * size)
            out.appendFilling(rows, zero: .zero) { dst in
                if present > 0, let d = dst.baseAddress, let s = src.baseAddress {
                    UnsafeMutableRawPointer(d).copyMemory(from: s, byteCount: present * size)
                }
                dst.spread(present: present, valid: valid, zero: .zero)
            }
        case .frameOfReference, .delta:
            guard E(narrowing: 0) != nil else { throw r.corrupt("integer encoding on a float column") }
            // Every block of 128 values takes at least two bytes; reject counts the remaining bytes cannot hold.
            guard present <= (r.remaining / 2 + 1) * IntegerCodec.blockSize else { throw r.truncated(present / 64) }
            var bad = false
            try out.appendFilling(rows, zero: .zero) { dst throws(ColumnarError) in
                let sink: (Int, Int64) -> Void = { i, v in
                    if let x = E(narrowing: v) { dst[i] = x } else { bad = true }
                }
                if encoding == .delta { try IntegerCodec.decodeDelta(&r, count: present, sink) } else {
                    try IntegerCodec.decodeFOR(&r, count: present, sink)
                }
                dst.spread(present: present, valid: valid, zero: .zero)
            }
            if bad { throw r.corrupt("decoded integer out of range for \(E.self)") }
        default:
            throw r.corrupt("encoding \(encoding) does not apply to \(E.self)")
        }
    }

    private static func decodeVarlen(_ r: inout ByteReader, _ encoding: PageEncoding, present: Int, valid: [UInt8],
                                     into b: inout ColumnBuilder) throws(ColumnarError) {
        let rows = valid.isEmpty ? present : valid.count
        if encoding == .hex {
            let length = try HexCodec.decode(&r, present: present, into: &b.bytes)
            appendOffsets(rows: rows, present: present, valid: valid, into: &b.offsets) { lengths in
                for i in 0..<present { lengths[i] = length }
                return true
            }
            return
        }
        guard encoding == .plain || encoding == .tokens else {
            throw r.corrupt("encoding \(encoding) does not apply to variable-length values")
        }
        guard present <= (r.remaining / 2 + 1) * IntegerCodec.blockSize else { throw r.truncated(present / 64) }
        var total = 0
        var failure: ColumnarError?
        let ok = appendOffsets(rows: rows, present: present, valid: valid, into: &b.offsets) { lengths in
            var bad = false
            do throws(ColumnarError) {
                try IntegerCodec.decodeFOR(&r, count: present) { i, v in
                    if v < 0 || v > Int64(Int32.max) { bad = true; return }
                    lengths[i] = Int(v)
                    total &+= Int(v)
                }
            } catch {
                failure = error
                return false
            }
            if bad { failure = r.corrupt("negative or huge value length") }
            return !bad
        }
        if let failure { throw failure }
        guard ok else { throw r.corrupt("value lengths") }
        if encoding == .tokens { return try TokenCodec.decode(&r, byteCount: total, into: &b.bytes) }
        let bytes = try r.bytes(total)
        b.bytes.append(contentsOf: bytes)
    }

    /// Appends `rows` end offsets: `lengths` fills the first `present` slots with the present values' lengths
    /// (or returns false, leaving the offsets unusable), which are then moved to their rows and summed.
    @discardableResult
    private static func appendOffsets(rows: Int, present: Int, valid: [UInt8], into offsets: inout [Int],
                                      _ lengths: (UnsafeMutableBufferPointer<Int>) -> Bool) -> Bool {
        let start = offsets.last ?? 0
        return offsets.appendFilling(rows, zero: 0) { dst in
            guard lengths(dst) else { return false }
            dst.spread(present: present, valid: valid, zero: 0)
            var end = start
            for i in 0..<dst.count {
                end &+= dst[i]
                dst[i] = end
            }
            return true
        }
    }

    private static func decodeDictionaryIndices(_ r: inout ByteReader, present: Int, dictionary: DecodedDictionary,
                                                valid: [UInt8], into b: inout ColumnBuilder) throws(ColumnarError) {
        let width = Int(try r.u8())
        guard dictionary.count > 0 || present == 0 else { throw r.corrupt("indices into an empty dictionary") }
        var idx = [UInt32](repeating: 0, count: present)
        try idx.withUnsafeMutableBufferPointer { buf throws(ColumnarError) in
            try RLEHybrid.decode(&r, count: present, width: width, maxValue: UInt32(max(dictionary.count - 1, 0))) { i, v in
                buf[i] = v
            }
        }
        let rows = valid.isEmpty ? present : valid.count
        // Every index is below the dictionary's count (checked by the decoder), so the gathers below stay in bounds.
        switch dictionary.values {
        case .boolean: throw r.corrupt("dictionary on a boolean column")
        case let .int32(d), let .date(d): gather(d, idx, rows: rows, valid, into: &b.i32)
        case let .int64(d), let .timestamp(d): gather(d, idx, rows: rows, valid, into: &b.i64)
        case let .float32(d): gather(d, idx, rows: rows, valid, into: &b.f32)
        case let .float64(d): gather(d, idx, rows: rows, valid, into: &b.f64)
        case let .string(d), let .json(d), let .binary(d): gatherBytes(d, dictionary.paddedBytes, idx, rows: rows, valid, into: &b)
        }
    }

    /// Appends the offsets, then the bytes, of the entries `idx` names. Entries of up to 32 bytes are copied as
    /// one or two 16-byte words: the source has `DecodedDictionary.padding` bytes after the last entry, and the
    /// output is grown by as many bytes more than needed, then cut back.
    private static func gatherBytes(_ d: BinaryVector, _ padded: [UInt8], _ idx: [UInt32], rows: Int, _ valid: [UInt8],
                                    into b: inout ColumnBuilder) {
        let pad = DecodedDictionary.padding
        let start = b.offsets.last ?? 0
        d.withUnsafeBuffers { offs, _ in
            idx.withUnsafeBufferPointer { ix in
                appendOffsets(rows: rows, present: ix.count, valid: valid, into: &b.offsets) { lengths in
                    for i in 0..<ix.count {
                        let e = Int(ix[i])
                        lengths[i] = offs[e &+ 1] &- offs[e]
                    }
                    return true
                }
                let total = (b.offsets.last ?? start) - start
                guard total > 0 else { return }
                padded.withUnsafeBytes { all in
                    b.bytes.appendFilling(total + pad, zero: 0) { dst in
                        guard let out = UnsafeMutableRawPointer(dst.baseAddress), let src = all.baseAddress else { return }
                        var o = 0
                        for e in ix {
                            let s = offs[Int(e)], n = offs[Int(e) &+ 1] &- s
                            if n <= 16 {
                                (out + o).storeBytes(of: (src + s).loadUnaligned(as: SIMD16<UInt8>.self), as: SIMD16<UInt8>.self)
                            } else if n <= 32 {
                                (out + o).storeBytes(of: (src + s).loadUnaligned(as: SIMD16<UInt8>.self), as: SIMD16<UInt8>.self)
                                (out + o + 16).storeBytes(of: (src + s + 16).loadUnaligned(as: SIMD16<UInt8>.self),
                                                          as: SIMD16<UInt8>.self)
                            } else {
                                (out + o).copyMemory(from: src + s, byteCount: n)
                            }
                            o &+= n
                        }
                    }
                    b.bytes.removeLast(pad)
                }
            }
        }
    }

    private static func gather<E: PrimitiveElement>(_ d: PrimitiveVector<E>, _ idx: [UInt32], rows: Int, _ valid: [UInt8],
                                                    into out: inout [E]) {
        d.withUnsafeBufferPointer { dict in
            idx.withUnsafeBufferPointer { ix in
                out.appendFilling(rows, zero: .zero) { dst in
                    for i in 0..<ix.count { dst[i] = dict[Int(ix[i])] }
                    dst.spread(present: ix.count, valid: valid, zero: .zero)
                }
            }
        }
    }
}
