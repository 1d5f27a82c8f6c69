import Foundation

/// Builds a dictionary for one column chunk with an open-addressing hash table, giving up as soon as the
/// dictionary would exceed its byte limit (then the chunk is written without one).
struct DictionaryBuilder {
    /// Dictionary position + 1 per slot; 0 is empty.
    private var slots: [Int32]
    private var mask: Int
    /// 64 - log2(slot count): the product's top bits pick the slot (Fibonacci hashing), so keys that differ
    /// only in high bits, like doubles with short mantissas, still spread out.
    private var shift: UInt64
    /// Fixed-width keys (bit patterns), in dictionary order.
    private(set) var fixedKeys: [UInt64] = []
    /// Byte-array keys: ranges into the source bytes, in dictionary order.
    private(set) var byteRanges: [Range<Int>] = []
    private(set) var byteSize = 0
    var count: Int { Swift.max(fixedKeys.count, byteRanges.count) }

    init(expected: Int) {
        var size = 1024
        while size < expected * 2 && size < 1 << 24 { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inline(__always) private func slot(_ x: UInt64) -> Int {
        Int(truncatingIfNeeded: (x &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    private mutating func grow(rehash hashOf: (Int) -> UInt64) {
        let size = slots.count * 2
        slots = [Int32](repeating: 0, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        for k in 0..<count {
            var s = slot(hashOf(k))
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = Int32(k + 1)
        }
    }

    /// Encodes fixed-width values (as bit patterns) into dictionary indices; nil when the dictionary would hold
    /// more than `limit` bytes at `width` bytes a value.
    mutating func indices(fixed values: UnsafeBufferPointer<UInt64>, width: Int, limit: Int) -> [UInt32]? {
        var out = [UInt32](repeating: 0, count: values.count)
        let ok = out.withUnsafeMutableBufferPointer { o -> Bool in
            for i in 0..<values.count {
                let v = values[i]
                var s = slot(v)
                while true {
                    let e = Int(slots[s])
                    if e == 0 {
                        fixedKeys.append(v)
                        slots[s] = Int32(fixedKeys.count)
                        o[i] = UInt32(fixedKeys.count - 1)
                        byteSize += width
                        if byteSize > limit { return false }
                        if fixedKeys.count * 2 > slots.count {
                            let keys = fixedKeys
                            grow { keys[$0] }
                        }
                        break
                    }
                    if fixedKeys[e - 1] == v {
                        o[i] = UInt32(e - 1)
                        break
                    }
                    s = (s + 1) & mask
                }
            }
            return true
        }
        return ok ? out : nil
    }

    @inline(__always) private static func equal(_ a: UnsafeRawBufferPointer, _ all: UnsafeRawBufferPointer, _ b: Range<Int>) -> Bool {
        guard let pa = a.baseAddress, let pb = all.baseAddress, !b.isEmpty else { return true }
        return memcmp(pa, pb + b.lowerBound, b.count) == 0
    }

    /// Encodes the byte strings `offsets[i]..<offsets[i+1]` of `bytes` for the rows in `rows` (nil = all)
    /// into dictionary indices; nil when the dictionary (PLAIN-encoded, with length prefixes) would exceed `limit`.
    mutating func indices(offsets: UnsafeBufferPointer<Int>, bytes: UnsafeRawBufferPointer, rows: [Int]?,
                          count n: Int, limit: Int) -> [UInt32]? {
        var out = [UInt32](repeating: 0, count: n)
        var hashes: [UInt64] = []
        let ok = out.withUnsafeMutableBufferPointer { o -> Bool in
            for k in 0..<n {
                let row = rows?[k] ?? k
                let r = offsets[row]..<offsets[row + 1]
                let value = UnsafeRawBufferPointer(rebasing: bytes[r])
                let h = XXHash64.hash(value)
                var s = slot(h)
                while true {
                    let e = Int(slots[s])
                    if e == 0 {
                        byteRanges.append(r)
                        hashes.append(h)
                        slots[s] = Int32(byteRanges.count)
                        o[k] = UInt32(byteRanges.count - 1)
                        byteSize += 4 + r.count
                        if byteSize > limit { return false }
                        if byteRanges.count * 2 > slots.count {
                            let hs = hashes
                            grow { hs[$0] }
                        }
                        break
                    }
                    let other = byteRanges[e - 1]
                    if other.count == r.count && hashes[e - 1] == h && Self.equal(value, bytes, other) {
                        o[k] = UInt32(e - 1)
                        break
                    }
                    s = (s + 1) & mask
                }
            }
            return true
        }
        return ok ? out : nil
    }
}
