import Foundation

/// A hash table from encoded key bytes to a dense index (0, 1, 2, ... in insertion order), for matching a
/// batch's keys against the key column of target files without building a `String` or `Value` per row.
///
/// Each slot packs the upper 32 bits of the key's hash with its index + 1 (0 = empty), so a probe compares
/// hashes inside the slot array and touches a key's bytes only when those 32 bits agree: building the index of
/// a million-row file costs about one cache miss per key instead of two or three.
struct KeyTable: Sendable {
    private var slots: [UInt64]
    private var mask: Int
    private var offsets: [Int] = [0]
    private var bytes: [UInt8] = []

    init(capacity: Int = 16) {
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        slots = [UInt64](repeating: 0, count: n)
        mask = n - 1
    }

    var count: Int { offsets.count - 1 }

    /// The key's index, inserting it when absent.
    mutating func insert(_ key: UnsafeRawBufferPointer) -> (index: Int, inserted: Bool) {
        let h = Self.hash(key)
        if let i = find(key, hash: h) { return (i, false) }
        if (count + 1) * 2 > slots.count { grow() }
        let index = count
        bytes.append(contentsOf: key)
        offsets.append(bytes.count)
        place(index, hash: h)
        return (index, true)
    }

    func find(_ key: UnsafeRawBufferPointer) -> Int? { find(key, hash: Self.hash(key)) }

    /// The key's index, given its ``hash(_:)`` (computed once when probing many tables with one key).
    func find(_ key: UnsafeRawBufferPointer, hash h: UInt64) -> Int? {
        let tag = h >> 32
        return slots.withUnsafeBufferPointer { slots in
            offsets.withUnsafeBufferPointer { offsets in
                bytes.withUnsafeBytes { all in
                    var s = Int(truncatingIfNeeded: h) & mask
                    while true {
                        let e = slots[s]
                        if e == 0 { return nil }
                        if e >> 32 == tag {
                            let i = Int(truncatingIfNeeded: e & 0xFFFF_FFFF) - 1
                            let lo = offsets[i], hi = offsets[i + 1]
                            if hi - lo == key.count {
                                guard key.count > 0, let a = all.baseAddress, let b = key.baseAddress else { return i }
                                if memcmp(a + lo, b, key.count) == 0 { return i }
                            }
                        }
                        s = (s + 1) & mask
                    }
                }
            }
        }
    }

    /// The hash of key `index`, as ``hash(_:)`` computes it.
    func hash(at index: Int) -> UInt64 { withKey(index) { Self.hash($0) } }

    /// Calls `body` with the bytes of key `index`.
    func withKey<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        bytes.withUnsafeBytes { all in body(UnsafeRawBufferPointer(rebasing: all[offsets[index]..<offsets[index + 1]])) }
    }

    /// Bytes held, for cache accounting.
    var memoryFootprint: Int { bytes.count + offsets.count * 8 + slots.count * 8 }

    private mutating func place(_ index: Int, hash h: UInt64) {
        let entry = (h >> 32) << 32 | UInt64(index + 1)
        slots.withUnsafeMutableBufferPointer { slots in
            var s = Int(truncatingIfNeeded: h) & mask
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = entry
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        for e in old where e != 0 {
            let i = Int(truncatingIfNeeded: e & 0xFFFF_FFFF) - 1
            place(i, hash: hash(at: i))
        }
    }

    static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(key.count)
        var i = 0
        while i + 8 <= key.count {
            h = (h ^ key.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < key.count {
            tail |= UInt64(key[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 33)
    }
}
