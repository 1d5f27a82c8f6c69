/// The distinct byte strings of a string/binary chunk in order of first appearance, with an open-addressing
/// hash table from value to entry number: the dictionary build's inner loop (one probe per row).
///
/// Distinct values are copied into one contiguous buffer as they are found (so that comparisons read a few
/// cache lines, not the scattered rows where they first appeared), and each 16-byte slot holds its entry's
/// number, 32 bits of its hash and its first 8 bytes: a probe reads one slot and the entry's offsets, and
/// touches entry bytes only for values over 8 bytes. The table starts large and stays at most 3/8 full, so
/// that probes rarely go past the first slot (a second probe is a branch the CPU cannot predict).
struct ByteDictionaryTable {
    private struct Slot {
        /// The hash's high 32 bits, and entry number + 1 (0 = empty slot) in the low 32.
        var tagged: UInt64
        /// The entry's first 8 bytes, little-endian, zero-padded.
        var head: UInt64
    }

    private var slots: [Slot]
    private var shift: UInt64
    /// The distinct values, concatenated.
    private(set) var bytes: [UInt8] = []
    /// Entry i is `bytes[offsets[i] ..< offsets[i + 1]]`.
    private(set) var offsets: [Int] = [0]

    init() {
        slots = [Slot](repeating: Slot(tagged: 0, head: 0), count: 1024)
        shift = 64 - 10
    }

    var count: Int { offsets.count - 1 }

    /// The probe key of `all[start ..< start + n]`: its hash and its first 8 bytes.
    @inline(__always)
    static func key(_ all: UnsafeRawBufferPointer, start: Int, count n: Int) -> (hash: UInt64, head: UInt64) {
        let head = all.partialWord(at: start, count: Swift.min(n, 8))
        var h = (head ^ UInt64(truncatingIfNeeded: n)) &* Hash64.k1
        if n > 8, let p = all.baseAddress {
            // Words after the first 8 bytes, the last one overlapping its predecessor instead of a byte loop.
            var i = start + 8
            let end = start + n
            while i + 8 < end {
                h = (h ^ UInt64(littleEndian: p.loadUnaligned(fromByteOffset: i, as: UInt64.self))) &* Hash64.k2
                h ^= h >> 31
                i += 8
            }
            h = (h ^ UInt64(littleEndian: p.loadUnaligned(fromByteOffset: end - 8, as: UInt64.self))) &* Hash64.k2
        }
        return ((h ^ (h >> 29)) &* Hash64.k3, head)
    }

    /// The entry equal to `all[start ..< start + n]`, whose `key` is given, or nil when it is new and adding it
    /// would pass `maxEntries` entries or `maxBytes` bytes; a new value becomes entry `count` (then `inserted`).
    @inline(__always)
    mutating func findOrInsert(_ key: (hash: UInt64, head: UInt64), _ all: UnsafeRawBufferPointer, start: Int, count n: Int,
                               maxEntries: Int, maxBytes: Int) -> (entry: Int, inserted: Bool)? {
        let (h, head) = key
        let tag = h & 0xFFFF_FFFF_0000_0000
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h >> shift)
        let found: Int? = slots.withUnsafeBufferPointer { s in
            offsets.withUnsafeBufferPointer { offs in
                bytes.withUnsafeBytes { d in
                    while true {
                        let slot = s[i]
                        if slot.tagged == 0 { return nil }
                        if slot.tagged & 0xFFFF_FFFF_0000_0000 == tag && slot.head == head {
                            let e = Int(truncatingIfNeeded: slot.tagged & 0xFFFF_FFFF) &- 1
                            let at = offs[e]
                            if offs[e + 1] - at == n && (n <= 8 || Self.equalTail(all, start, d, at, n)) { return e }
                        }
                        i = (i &+ 1) & mask
                    }
                }
            }
        }
        if let found { return (found, false) }
        let entry = count
        guard entry < maxEntries, entry < Int(UInt32.max), bytes.count + n <= maxBytes else { return nil }
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: all[start..<(start + n)]))
        offsets.append(bytes.count)
        slots[i] = Slot(tagged: tag | UInt64(entry + 1), head: head)
        // At most 3/8 full: linear probes stay short.
        if (entry + 1) * 8 > slots.count * 3 { grow() }
        return (entry, true)
    }

    /// Whether bytes 8 ..< n (n > 8) of the value at `a[aStart...]` and of the entry at `b[bStart...]` are equal:
    /// whole words, the last one overlapping its predecessor, as the hash reads them.
    @inline(__always) private static func equalTail(_ a: UnsafeRawBufferPointer, _ aStart: Int, _ b: UnsafeRawBufferPointer,
                                                    _ bStart: Int, _ n: Int) -> Bool {
        guard let pa = a.baseAddress, let pb = b.baseAddress else { return false }
        let x = pa + aStart, y = pb + bStart
        var i = 8
        while i + 8 < n {
            if x.loadUnaligned(fromByteOffset: i, as: UInt64.self) != y.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        return x.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == y.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
    }

    private mutating func grow() {
        let size = slots.count * 2
        let old = slots
        slots = [Slot](repeating: Slot(tagged: 0, head: 0), count: size)
        shift -= 1
        let mask = size - 1
        bytes.withUnsafeBytes { d in
            for s in old where s.tagged != 0 {
                // The hash again from the entry's bytes: cheaper than keeping every entry's hash for the few grows.
                let e = Int(truncatingIfNeeded: s.tagged & 0xFFFF_FFFF) &- 1
                var i = Int(truncatingIfNeeded: Self.key(d, start: offsets[e], count: offsets[e + 1] - offsets[e]).hash >> shift)
                while slots[i].tagged != 0 { i = (i + 1) & mask }
                slots[i] = s
            }
        }
    }
}
