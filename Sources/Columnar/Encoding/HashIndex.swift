/// An open-addressing hash table mapping values (held elsewhere, identified by entry number) to their entry
/// number; the caller supplies each probe's hash and an equality test against an existing entry.
struct HashIndex {
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private var mask: Int

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { hashes.count }

    /// The entry equal to the probe, or a new entry numbered `count` (then `inserted` is true).
    @inline(__always)
    mutating func findOrInsert(hash: UInt64, equals: (Int) -> Bool) -> (entry: Int, inserted: Bool) {
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let s = slots[i]
            if s < 0 { break }
            if hashes[Int(s)] == hash && equals(Int(s)) { return (Int(s), false) }
            i = (i + 1) & mask
        }
        let entry = hashes.count
        slots[i] = Int32(entry)
        hashes.append(hash)
        if hashes.count * 2 > slots.count { grow() }
        return (entry, true)
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (e, h) in hashes.enumerated() {
            var i = Int(truncatingIfNeeded: h) & mask
            while slots[i] >= 0 { i = (i + 1) & mask }
            slots[i] = Int32(e)
        }
    }
}
