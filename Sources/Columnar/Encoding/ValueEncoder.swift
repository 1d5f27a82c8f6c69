/// Encodes the present (non-null) values of a page (docs/FORMAT.md §5).
enum ValueEncoder {
    /// The non-dictionary encodings worth trying for `type`.
    static func candidates(for type: DataType) -> [PageEncoding] {
        switch type {
        case .boolean: return [.rle, .plain]
        case .int32, .int64, .date, .timestamp: return [.frameOfReference, .delta, .plain]
        case .string, .json: return [.hex, .tokens, .plain]
        case .float32, .float64, .binary: return [.plain]
        }
    }

    /// Encodes with the candidate that gives the fewest bytes (or with `forced`).
    static func encodeBest(_ c: Column, forced: PageEncoding?) -> (PageEncoding, ByteWriter) {
        var w = ByteWriter()
        let e = encodeBest(c, forced: forced, into: &w)
        return (e, w)
    }

    /// `encodeBest`, appending to `w` (after a validity section, say) and returning the encoding used.
    static func encodeBest(_ c: Column, forced: PageEncoding?, into w: inout ByteWriter) -> PageEncoding {
        if let forced, encode(c, forced, into: &w) { return forced }
        switch c {
        case let .int32(v), let .date(v):
            let (encoding, size) = bestInteger(v)
            w.bytes.reserveCapacity(w.count + size)
            encodeFixed(v, encoding, into: &w)
            return encoding
        case let .int64(v), let .timestamp(v):
            let (encoding, size) = bestInteger(v)
            w.bytes.reserveCapacity(w.count + size)
            encodeFixed(v, encoding, into: &w)
            return encoding
        case .string, .json:
            // Hex, when the data qualifies, always beats plain; it writes nothing when it does not. Tokens qualify only
            // for text they shrink to half.
            if encode(c, .hex, into: &w) { return .hex }
            if case let .string(v) = c, TokenCodec.encode(v, onlyIfSmaller: true, into: &w) { return .tokens }
            if case let .json(v) = c, TokenCodec.encode(v, onlyIfSmaller: true, into: &w) { return .tokens }
            encode(c, .plain, into: &w)
            return .plain
        default:
            var best: (PageEncoding, ByteWriter)?
            for e in candidates(for: c.type) {
                var candidate = ByteWriter()
                guard encode(c, e, into: &candidate) else { continue }
                if best == nil || candidate.count < best?.1.count ?? 0 { best = (e, candidate) }
            }
            guard let best else { return .plain }
            w.append(best.1.bytes)
            return best.0
        }
    }

    /// The size in bytes of the present values of `c` in the encoding `encodeBest` would choose, without encoding
    /// (for fixed-width types; variable-length ones are measured by encoding).
    static func bestSize(_ c: Column) -> Int {
        switch c {
        case let .int32(v), let .date(v): return bestInteger(v).size
        case let .int64(v), let .timestamp(v): return bestInteger(v).size
        case let .boolean(v):
            var w = ByteWriter()
            encode(.boolean(v), .rle, into: &w)
            return min(w.count, BitPack.byteCount(count: v.count - v.nullCount, width: 1))
        case let .float32(v): return (v.count - v.nullCount) * 4
        case let .float64(v): return (v.count - v.nullCount) * 8
        case .string, .json, .binary: return encodeBest(c, forced: nil).1.count
        }
    }

    /// The integer encoding with the fewest bytes (frame of reference, then delta, then plain on ties) and its size.
    private static func bestInteger<E: PrimitiveElement>(_ v: PrimitiveVector<E>) -> (encoding: PageEncoding, size: Int) {
        withPresent(v) { buf in
            withWidened(buf) { wide in
                var best = (PageEncoding.frameOfReference, IntegerCodec.sizeFOR(wide))
                let delta = IntegerCodec.sizeDelta(wide)
                if delta < best.1 { best = (.delta, delta) }
                let plain = buf.count * MemoryLayout<E>.size
                if plain < best.1 { best = (.plain, plain) }
                return best
            }
        }
    }

    /// Calls `body` with the values as Int64, converting only when they are narrower.
    private static func withWidened<E: PrimitiveElement, R>(_ buf: UnsafeBufferPointer<E>, _ body: (UnsafeBufferPointer<Int64>) -> R) -> R {
        if E.self == Int64.self { return buf.withMemoryRebound(to: Int64.self, body) }
        let wide = [Int64](unsafeUninitializedCapacity: buf.count) { out, n in
            for i in 0..<buf.count { out[i] = buf[i].widened }
            n = buf.count
        }
        return wide.withUnsafeBufferPointer(body)
    }

    /// Appends the present values of `c` in encoding `e` (which must apply to the type; not dictionary);
    /// false (nothing written) when the values do not qualify for it (hex).
    @discardableResult
    static func encode(_ c: Column, _ e: PageEncoding, into w: inout ByteWriter) -> Bool {
        if e == .hex || e == .tokens {
            switch c {
            case let .string(v), let .json(v):
                return e == .hex ? HexCodec.encode(v, into: &w) : TokenCodec.encode(v, onlyIfSmaller: false, into: &w)
            default: return false
            }
        }
        switch c {
        case let .boolean(v):
            var present: [UInt8] = []
            present.reserveCapacity(v.count)
            for i in 0..<v.count where !v.isNull(i) { present.append(v.bits[i] ? 1 : 0) }
            if e == .rle {
                RLEHybrid.encode(count: present.count, width: 1, into: &w) { UInt32(present[$0]) }
            } else {
                BitPack.pack(count: present.count, width: 1, into: &w.bytes) { UInt64(present[$0]) }
            }
        case let .int32(v), let .date(v): encodeFixed(v, e, into: &w)
        case let .int64(v), let .timestamp(v): encodeFixed(v, e, into: &w)
        case let .float32(v): encodeFixed(v, e, into: &w)
        case let .float64(v): encodeFixed(v, e, into: &w)
        case let .string(v), let .json(v), let .binary(v): encodeVarlen(v, into: &w)
        }
        return true
    }

    private static func encodeFixed<E: PrimitiveElement>(_ v: PrimitiveVector<E>, _ e: PageEncoding, into w: inout ByteWriter) {
        withPresent(v) { buf in
            switch e {
            case .frameOfReference, .delta:
                withWidened(buf) { e == .delta ? IntegerCodec.encodeDelta($0, into: &w) : IntegerCodec.encodeFOR($0, into: &w) }
            default:
                w.append(UnsafeRawBufferPointer(buf))
            }
        }
    }

    /// Calls `body` with the present values of `v`, contiguous.
    static func withPresent<E: PrimitiveElement, R>(_ v: PrimitiveVector<E>, _ body: (UnsafeBufferPointer<E>) -> R) -> R {
        if v.validity == nil { return v.withUnsafeBufferPointer(body) }
        let present: [E] = v.withUnsafeBufferPointer { buf in
            var out: [E] = []
            out.reserveCapacity(buf.count)
            for i in 0..<buf.count where !v.isNull(i) { out.append(buf[i]) }
            return out
        }
        return present.withUnsafeBufferPointer(body)
    }

    /// The byte lengths of the present values of `v`, in order.
    static func presentLengths(_ v: BinaryVector) -> [Int64] {
        v.withUnsafeBuffers { offs, _ in
            var lengths: [Int64] = []
            lengths.reserveCapacity(v.count)
            for i in 0..<v.count where !v.isNull(i) { lengths.append(Int64(offs[i + 1] - offs[i])) }
            return lengths
        }
    }

    private static func encodeVarlen(_ v: BinaryVector, into w: inout ByteWriter) {
        let lengths = presentLengths(v)
        lengths.withUnsafeBufferPointer { IntegerCodec.encodeFOR($0, into: &w) }
        let presentBytes = Int(lengths.reduce(0, +))
        v.withUnsafeBuffers { offs, all in
            // Null slots are normally empty: then the present values' bytes are one contiguous run.
            if v.validity == nil || presentBytes == offs[v.count] - offs[0] {
                w.append(UnsafeRawBufferPointer(rebasing: all[offs[0]..<offs[v.count]]))
            } else {
                for i in 0..<v.count where !v.isNull(i) { w.append(UnsafeRawBufferPointer(rebasing: all[offs[i]..<offs[i + 1]])) }
            }
        }
    }

    /// Appends dictionary indices: a width byte, then the RLE/bit-packed hybrid.
    static func encodeIndices(_ idx: ArraySlice<UInt32>, dictionaryCount: Int, into w: inout ByteWriter) {
        let width = BitPack.width(of: UInt64(max(dictionaryCount - 1, 0)))
        w.u8(UInt8(width))
        idx.withUnsafeBufferPointer { p in RLEHybrid.encode(count: p.count, width: width, into: &w) { p[$0] } }
    }

    /// Appends a validity section: the RLE/bit-packed hybrid of width 1 over all rows.
    static func encodeValidity(_ validity: Bitmap, into w: inout ByteWriter) {
        let start = validity.start
        validity.words.withUnsafeBufferPointer { words in
            RLEHybrid.encode(count: validity.count, width: 1, into: &w) { i in
                let b = start &+ i
                return UInt32(truncatingIfNeeded: words[b >> 6] >> UInt64(b & 63)) & 1
            }
        }
    }
}
