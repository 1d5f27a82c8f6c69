/// An open-addressing hash table from fixed-width values (their raw bits as a 64-bit key) to entry numbers in
/// order of first appearance: the dictionary build's inner loop for numbers, dates and timestamps.
///
/// A 16-byte slot holds the key itself, so a probe compares in place; the table starts large and stays at most
/// 3/8 full, so that probes rarely go past the first slot.
struct WordDictionaryTable {
    private struct Slot {
        var key: UInt64
        /// Entry number + 1; 0 marks an empty slot.
        var entry: UInt64
    }

    private var slots = [Slot](repeating: Slot(key: 0, entry: 0), count: 1024)
    private var shift: UInt64 = 64 - 10
    /// The number of distinct keys (the caller keeps the values themselves).
    private(set) var count = 0

    @inline(__always) private static func hash(_ key: UInt64) -> UInt64 { (key ^ (key >> 29)) &* Hash64.k1 }

    /// The entry holding `key`, or a new entry numbered `count` (then `inserted` is true).
    @inline(__always)
    mutating func findOrInsert(_ key: UInt64) -> (entry: Int, inserted: Bool) {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: Self.hash(key) >> shift)
        let found: Int? = slots.withUnsafeBufferPointer { s in
            while true {
                let slot = s[i]
                if slot.entry == 0 { return nil }
                if slot.key == key { return Int(truncatingIfNeeded: slot.entry) &- 1 }
                i = (i &+ 1) & mask
            }
        }
        if let found { return (found, false) }
        let entry = count
        count += 1
        slots[i] = Slot(key: key, entry: UInt64(entry + 1))
        if (entry + 1) * 8 > slots.count * 3 { grow() }
        return (entry, true)
    }

    private mutating func grow() {
        let old = slots
        let size = old.count * 2
        slots = [Slot](repeating: Slot(key: 0, entry: 0), count: size)
        shift -= 1
        let mask = size - 1
        for slot in old where slot.entry != 0 {
            var i = Int(truncatingIfNeeded: Self.hash(slot.key) >> shift)
            while slots[i].entry != 0 { i = (i + 1) & mask }
            slots[i] = slot
        }
    }
}
