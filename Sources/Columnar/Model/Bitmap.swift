/// A sequence of bits packed 64 to a word, least significant bit first. Used for validity (1 = present)
/// and for boolean values. Slices share storage with the bitmap they come from.
public struct Bitmap: Sendable, Equatable, Hashable {
    @usableFromInline var words: [UInt64]
    /// Bit position in `words` of element 0.
    @usableFromInline var start: Int
    public private(set) var count: Int

    public init() {
        words = []
        start = 0
        count = 0
    }

    public init(repeating bit: Bool, count: Int) {
        let n = (count + 63) >> 6
        words = [UInt64](repeating: bit ? ~0 : 0, count: n)
        start = 0
        self.count = count
    }

    public init<S: Sequence>(_ bits: S) where S.Element == Bool {
        self.init()
        for b in bits { append(b) }
    }

    /// Wraps packed words; bits past `count` are ignored.
    init(words: [UInt64], count: Int) {
        self.words = words
        self.start = 0
        self.count = count
    }

    @inlinable
    public subscript(i: Int) -> Bool {
        get {
            precondition(i >= 0 && i < count, "bit index out of range")
            let b = start &+ i
            return (words[b >> 6] >> UInt64(b & 63)) & 1 == 1
        }
        set {
            precondition(i >= 0 && i < count, "bit index out of range")
            let b = start &+ i
            let mask: UInt64 = 1 << UInt64(b & 63)
            if newValue { words[b >> 6] |= mask } else { words[b >> 6] &= ~mask }
        }
    }

    public mutating func append(_ bit: Bool) {
        let b = start &+ count
        if b >> 6 >= words.count { words.append(0) }
        count += 1
        self[count - 1] = bit
    }

    public mutating func append(repeating bit: Bool, count n: Int) {
        guard n > 0 else { return }
        reserveCapacity(count + n)
        var i = 0
        // Bit by bit up to a word boundary, then whole words.
        while i < n && (start &+ count) & 63 != 0 {
            append(bit)
            i += 1
        }
        let whole = (n - i) >> 6
        if whole > 0 {
            words.removeLast(words.count - ((start &+ count) >> 6))
            words.append(contentsOf: repeatElement(bit ? ~0 : 0, count: whole))
            count += whole << 6
            i += whole << 6
        }
        while i < n {
            append(bit)
            i += 1
        }
    }

    /// Appends one bit per byte of `flags`: set for a non-zero byte.
    mutating func append(flags: UnsafeBufferPointer<UInt8>) {
        let n = flags.count
        guard n > 0 else { return }
        reserveCapacity(count + n)
        var i = 0
        while i < n && (start &+ count) & 63 != 0 {
            append(flags[i] != 0)
            i += 1
        }
        guard i < n else { return }
        words.removeLast(words.count - ((start &+ count) >> 6))
        while n - i >= 64 {
            var w: UInt64 = 0
            for k in 0..<64 { w |= UInt64(flags[i &+ k] != 0 ? 1 : 0) << UInt64(k) }
            words.append(w)
            count += 64
            i += 64
        }
        while i < n {
            append(flags[i] != 0)
            i += 1
        }
    }

    public mutating func reserveCapacity(_ n: Int) {
        words.reserveCapacity((start + n + 63) >> 6)
    }

    /// The bits in `range`, sharing storage.
    public func slice(_ range: Range<Int>) -> Bitmap {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "bitmap slice out of range")
        var s = self
        s.start = start + range.lowerBound
        s.count = range.count
        return s
    }

    /// How many bits are set.
    public var setCount: Int {
        var n = 0
        var i = 0
        // Whole words where possible, bit by bit at the unaligned edges.
        while i < count {
            let b = start + i
            if b & 63 == 0 && count - i >= 64 {
                n += words[b >> 6].nonzeroBitCount
                i += 64
            } else {
                if self[i] { n += 1 }
                i += 1
            }
        }
        return n
    }

    /// A copy whose element 0 is at bit 0 of word 0 and whose trailing bits are zero.
    public func compacted() -> Bitmap {
        if start == 0 && count & 63 == 0 && words.count == count >> 6 { return self }
        var out = [UInt64](repeating: 0, count: (count + 63) >> 6)
        let shift = start & 63
        let first = start >> 6
        for w in 0..<out.count {
            var v = words[first + w] >> UInt64(shift)
            if shift != 0 && first + w + 1 < words.count { v |= words[first + w + 1] << UInt64(64 - shift) }
            out[w] = v
        }
        if count & 63 != 0, let last = out.indices.last { out[last] &= (1 << UInt64(count & 63)) - 1 }
        return Bitmap(words: out, count: count)
    }

    /// Packed words starting at element 0, trailing bits zero.
    public var packedWords: [UInt64] { compacted().words }

    public static func == (a: Bitmap, b: Bitmap) -> Bool {
        guard a.count == b.count else { return false }
        return a.packedWords == b.packedWords
    }

    public func hash(into h: inout Hasher) {
        h.combine(count)
        h.combine(packedWords)
    }
}
