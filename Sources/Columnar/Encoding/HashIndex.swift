/// An open-addressing hash table mapping values (held elsewhere, identified by entry number) to their entry
/// number; the caller supplies each probe's hash and an equality test against an existing entry.
///
/// Each slot packs the entry number plus one with the hash's high 32 bits, so that a probe reads one word
/// and calls `equals` only on a tag match (the dictionary build probes once per row of a chunk).
struct HashIndex {
    private var slots: [UInt64]
    /// Every entry's full hash, for growing.
    private var hashes: [UInt64] = []
    private var mask: Int

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    var count: Int { hashes.count }

    /// The entry equal to the probe, or a new entry numbered `count` (then `inserted` is true).
    @inline(__always)
    mutating func findOrInsert(hash: UInt64, equals: (Int) -> Bool) -> (entry: Int, inserted: Bool) {
        let tag = hash & 0xFFFF_FFFF_0000_0000
        var i = Int(truncatingIfNeeded: hash) & mask
        let found: Int? = slots.withUnsafeBufferPointer { s in
            while true {
                let slot = s[i]
                if slot == 0 { return nil }
                if slot & 0xFFFF_FFFF_0000_0000 == tag {
                    let e = Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) &- 1
                    if equals(e) { return e }
                }
                i = (i &+ 1) & mask
            }
        }
        if let found { return (found, false) }
        let entry = hashes.count
        slots[i] = tag | UInt64(entry + 1)
        hashes.append(hash)
        if hashes.count * 2 > slots.count { grow() }
        return (entry, true)
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
        for (e, h) in hashes.enumerated() {
            var i = Int(truncatingIfNeeded: h) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(e + 1)
        }
    }
}
