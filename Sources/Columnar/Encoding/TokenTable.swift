/// The distinct tokens of a page in order of first appearance, with an open-addressing hash table from token to
/// entry number: the inner loop of the `tokens` encoding (one probe per word of text).
///
/// Tokens are short (words), so each entry keeps its first 16 bytes as two zero-padded words and a probe of a
/// token of at most 16 bytes compares two words, without a loop or a branch on its length; an 8-byte slot holds
/// 24 bits of the hash, the token's length and its entry number, so that the table stays small enough for the
/// cache at a load of at most 1/2.
struct TokenTable {
    /// 0 = empty; otherwise hash tag (24 bits) << 40 | min(length, 0xFFFF) << 24 | entry + 1 (24 bits).
    private var slots: [UInt64]
    private var mask: Int
    /// Per entry, its first 16 bytes as two little-endian words, zero-padded.
    private var heads: [UInt64] = []
    /// Every entry's full hash, for growing.
    private var hashes: [UInt64] = []
    /// The distinct tokens, concatenated.
    private(set) var bytes: [UInt8] = []
    /// Entry i is `bytes[offsets[i] ..< offsets[i + 1]]`.
    private(set) var offsets: [Int] = [0]

    /// Entry numbers must fit the slot's 24 bits.
    static let maxEntries = 1 << 23

    /// `expected`: about how many entries the table will get, so that it need not grow on the way there.
    init(expected: Int) {
        var size = 1024
        while size < expected * 2 && size < 1 << 24 { size *= 2 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    var count: Int { offsets.count - 1 }

    /// The entry of the token `text[start ..< start + n]` (n > 0), adding it as entry `count` when it is new, or nil
    /// when it is new and adding it would pass `maxEntries` entries or `maxBytes` bytes.
    @inline(__always)
    mutating func entry(_ text: UnsafeRawBufferPointer, start: Int, count n: Int, maxEntries: Int, maxBytes: Int) -> Int? {
        let w0: UInt64, w1: UInt64
        if start + 16 <= text.count {
            // Whole words, masked to the token: a shift by 64 or more gives 0, so no branch on the length.
            let k0 = UInt64(Swift.min(n, 8) * 8), k1 = UInt64(Swift.min(Swift.max(n - 8, 0), 8) * 8)
            w0 = UInt64(littleEndian: text.loadUnaligned(fromByteOffset: start, as: UInt64.self)) & ((1 << k0) &- 1)
            w1 = UInt64(littleEndian: text.loadUnaligned(fromByteOffset: start + 8, as: UInt64.self)) & ((1 << k1) &- 1)
        } else {
            w0 = text.partialWord(at: start, count: Swift.min(n, 8))
            w1 = n > 8 ? text.partialWord(at: start + 8, count: Swift.min(n - 8, 8)) : 0
        }
        var h = (w0 ^ UInt64(truncatingIfNeeded: n)) &* Hash64.k1
        h = (h ^ (h >> 29) ^ w1) &* Hash64.k2
        if n > 16 {
            var i = 16
            while i < n {
                h = (h ^ (h >> 31) ^ text.partialWord(at: start + i, count: Swift.min(n - i, 8))) &* Hash64.k3
                i += 8
            }
        }
        h ^= h >> 32
        let want = (h >> 40) << 40 | UInt64(Swift.min(n, 0xFFFF)) << 24
        var i = Int(truncatingIfNeeded: h) & mask
        let found: Int? = slots.withUnsafeBufferPointer { s in
            heads.withUnsafeBufferPointer { hd in
                while true {
                    let slot = s[i]
                    if slot == 0 { return nil }
                    if slot & ~0xFF_FFFF == want {
                        let e = Int(truncatingIfNeeded: slot & 0xFF_FFFF) &- 1
                        if hd[2 &* e] == w0 && hd[2 &* e &+ 1] == w1 && (n <= 16 || equalTail(text, start, e, n)) { return e }
                    }
                    i = (i &+ 1) & mask
                }
            }
        }
        if let found { return found }
        let e = count
        guard e < Swift.min(maxEntries, Self.maxEntries), bytes.count + n <= maxBytes else { return nil }
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[start..<(start + n)]))
        offsets.append(bytes.count)
        heads.append(w0)
        heads.append(w1)
        hashes.append(h)
        slots[i] = want | UInt64(e + 1)
        if (e + 1) * 2 > slots.count { grow() }
        return e
    }

    /// Whether bytes 16 ..< n of the token at `text[start...]` equal those of entry `e` (of length n).
    private func equalTail(_ text: UnsafeRawBufferPointer, _ start: Int, _ e: Int, _ n: Int) -> Bool {
        let at = offsets[e]
        guard offsets[e + 1] - at == n else { return false }
        return bytes.withUnsafeBytes { b in
            UnsafeRawBufferPointer(rebasing: b[(at + 16)..<(at + n)]).elementsEqual(
                UnsafeRawBufferPointer(rebasing: text[(start + 16)..<(start + n)]))
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        for s in old where s != 0 {
            var i = Int(truncatingIfNeeded: hashes[Int(s & 0xFF_FFFF) - 1]) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = s
        }
    }
}
