/// Decodes page bodies into a ``ColumnBuilder`` (docs/FORMAT.md §5), validating every count and size.
/// Null slots are filled with zero / empty values, as builders do.
enum ValueDecoder {
    /// Decodes one data page body of `rows` rows, `nulls` of them null, appending to `b`.
    /// `dictionary` is the chunk's decoded dictionary page, if it has one.
    static func decodePage(_ r: inout ByteReader, encoding: PageEncoding, rows: Int, nulls: Int,
                           dictionary: Column?, into b: inout ColumnBuilder) throws(ColumnarError) {
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
            for v in valid { b.validity?.append(v != 0) }
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
            var bits = [UInt8](repeating: 0, count: present)
            try bits.withUnsafeMutableBufferPointer { out throws(ColumnarError) in
                if encoding == .rle {
                    try RLEHybrid.decode(&r, count: present, width: 1, maxValue: 1) { i, v in out[i] = UInt8(truncatingIfNeeded: v) }
                } else {
                    let src = try r.bytes(BitPack.byteCount(count: present, width: 1))
                    BitPack.unpack(src, count: present, width: 1) { i, v in out[i] = UInt8(truncatingIfNeeded: v) }
                }
            }
            b.bools.reserveCapacity(b.bools.count + rows)
            scatter(bits, valid: valid) { b.bools.append(($0 ?? 0) != 0) }
        case .int32, .date: try decodeFixed(&r, encoding, present: present, valid: valid, into: &b.i32)
        case .int64, .timestamp: try decodeFixed(&r, encoding, present: present, valid: valid, into: &b.i64)
        case .float32: try decodeFixed(&r, encoding, present: present, valid: valid, into: &b.f32)
        case .float64: try decodeFixed(&r, encoding, present: present, valid: valid, into: &b.f64)
        case .string, .json, .binary: try decodeVarlen(&r, encoding, present: present, valid: valid, into: &b)
        }
    }

    /// Appends the present values in row order, with `nil` for null rows.
    @inline(__always)
    private static func scatter<E>(_ present: [E], valid: [UInt8], _ append: (E?) -> Void) {
        if valid.isEmpty {
            for x in present { append(x) }
            return
        }
        var k = 0
        for v in valid {
            if v != 0 {
                append(present[k])
                k += 1
            } else {
                append(nil)
            }
        }
    }

    private static func decodeFixed<E: PrimitiveElement>(_ r: inout ByteReader, _ encoding: PageEncoding, present: Int,
                                                         valid: [UInt8], into out: inout [E]) throws(ColumnarError) {
        let values: [E]
        switch encoding {
        case .plain:
            let size = MemoryLayout<E>.size
            guard present <= r.remaining / size else { throw r.truncated(present * size) }
            let src = try r.bytes(present * size)
            values = [E](unsafeUninitializedCapacity: present) { buf, n in
                if present > 0, let d = buf.baseAddress, let s = src.baseAddress {
                    UnsafeMutableRawPointer(d).copyMemory(from: s, byteCount: present * size)
                }
                n = present
            }
        case .frameOfReference, .delta:
            guard E(narrowing: 0) != nil else { throw r.corrupt("integer encoding on a float column") }
            // Every block of 128 values takes at least two bytes; reject counts the remaining bytes cannot hold.
            guard present <= (r.remaining / 2 + 1) * IntegerCodec.blockSize else { throw r.truncated(present / 64) }
            var bad = false
            var tmp = [E](repeating: .zero, count: present)
            try tmp.withUnsafeMutableBufferPointer { buf throws(ColumnarError) in
                let sink: (Int, Int64) -> Void = { i, v in
                    if let x = E(narrowing: v) { buf[i] = x } else { bad = true }
                }
                if encoding == .delta { try IntegerCodec.decodeDelta(&r, count: present, sink) } else {
                    try IntegerCodec.decodeFOR(&r, count: present, sink)
                }
            }
            if bad { throw r.corrupt("decoded integer out of range for \(E.self)") }
            values = tmp
        default:
            throw r.corrupt("encoding \(encoding) does not apply to \(E.self)")
        }
        if valid.isEmpty {
            out.append(contentsOf: values)
        } else {
            out.reserveCapacity(out.count + valid.count)
            scatter(values, valid: valid) { out.append($0 ?? .zero) }
        }
    }

    private static func decodeVarlen(_ r: inout ByteReader, _ encoding: PageEncoding, present: Int, valid: [UInt8],
                                     into b: inout ColumnBuilder) throws(ColumnarError) {
        if encoding == .hex {
            var lengths: [Int] = []
            lengths.reserveCapacity(present)
            try HexCodec.decode(&r, present: present, into: &b.bytes, lengths: &lengths)
            appendOffsets(lengths, valid: valid, into: &b)
            return
        }
        guard encoding == .plain else { throw r.corrupt("encoding \(encoding) does not apply to variable-length values") }
        guard present <= (r.remaining / 2 + 1) * IntegerCodec.blockSize else { throw r.truncated(present / 64) }
        var lengths = [Int](repeating: 0, count: present)
        var total = 0
        var bad = false
        try lengths.withUnsafeMutableBufferPointer { buf throws(ColumnarError) in
            try IntegerCodec.decodeFOR(&r, count: present) { i, v in
                if v < 0 || v > Int64(Int32.max) { bad = true; return }
                buf[i] = Int(v)
                total &+= Int(v)
            }
        }
        if bad { throw r.corrupt("negative or huge value length") }
        let bytes = try r.bytes(total)
        b.bytes.append(contentsOf: bytes)
        appendOffsets(lengths, valid: valid, into: &b)
    }

    private static func appendOffsets(_ lengths: [Int], valid: [UInt8], into b: inout ColumnBuilder) {
        let present = lengths.count
        var end = b.offsets[b.offsets.count - 1]
        b.offsets.reserveCapacity(b.offsets.count + (valid.isEmpty ? present : valid.count))
        scatter(lengths, valid: valid) { len in
            end += len ?? 0
            b.offsets.append(end)
        }
    }

    private static func decodeDictionaryIndices(_ r: inout ByteReader, present: Int, dictionary: Column, valid: [UInt8],
                                                into b: inout ColumnBuilder) throws(ColumnarError) {
        let width = Int(try r.u8())
        guard dictionary.count > 0 || present == 0 else { throw r.corrupt("indices into an empty dictionary") }
        var idx = [Int](repeating: 0, count: present)
        try idx.withUnsafeMutableBufferPointer { buf throws(ColumnarError) in
            try RLEHybrid.decode(&r, count: present, width: width, maxValue: UInt32(max(dictionary.count - 1, 0))) { i, v in
                buf[i] = Int(v)
            }
        }
        switch dictionary {
        case .boolean: throw r.corrupt("dictionary on a boolean column")
        case let .int32(d), let .date(d): gather(d, idx, valid, into: &b.i32)
        case let .int64(d), let .timestamp(d): gather(d, idx, valid, into: &b.i64)
        case let .float32(d): gather(d, idx, valid, into: &b.f32)
        case let .float64(d): gather(d, idx, valid, into: &b.f64)
        case let .string(d), let .json(d), let .binary(d):
            d.withUnsafeBuffers { offs, all in
                var end = b.offsets[b.offsets.count - 1]
                scatter(idx, valid: valid) { e in
                    if let e {
                        b.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: all[offs[e]..<offs[e + 1]]))
                        end = b.bytes.count
                    }
                    b.offsets.append(end)
                }
            }
        }
    }

    private static func gather<E: PrimitiveElement>(_ d: PrimitiveVector<E>, _ idx: [Int], _ valid: [UInt8], into out: inout [E]) {
        let dict = d.values
        out.reserveCapacity(out.count + (valid.isEmpty ? idx.count : valid.count))
        scatter(idx, valid: valid) { e in out.append(e.map { dict[$0] } ?? .zero) }
    }
}
