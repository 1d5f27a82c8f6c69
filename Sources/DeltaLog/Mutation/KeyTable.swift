import Foundation

/// A hash table from encoded key bytes to a dense index (0, 1, 2, ... in insertion order), for matching a
/// batch's keys against the key column of target files without building a `String` or `Value` per row.
struct KeyTable: Sendable {
    private var slots: [Int32]
    private var mask: Int
    private var offsets: [Int] = [0]
    private var bytes: [UInt8] = []
    private var hashes: [UInt64] = []

    init(capacity: Int = 16) {
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        slots = [Int32](repeating: -1, count: n)
        mask = n - 1
    }

    var count: Int { hashes.count }

    /// The key's index, inserting it when absent.
    mutating func insert(_ key: UnsafeRawBufferPointer) -> (index: Int, inserted: Bool) {
        let h = Self.hash(key)
        if let i = find(key, hash: h) { return (i, false) }
        if (count + 1) * 2 > slots.count { grow() }
        let index = count
        hashes.append(h)
        bytes.append(contentsOf: key)
        offsets.append(bytes.count)
        place(index, hash: h)
        return (index, true)
    }

    func find(_ key: UnsafeRawBufferPointer) -> Int? { find(key, hash: Self.hash(key)) }

    /// The key's index, given its ``hash(_:)`` (computed once when probing many tables with one key).
    func find(_ key: UnsafeRawBufferPointer, hash h: UInt64) -> Int? {
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = Int(slots[s])
            if e < 0 { return nil }
            if hashes[e] == h {
                let same = bytes.withUnsafeBytes { all in
                    let stored = UnsafeRawBufferPointer(rebasing: all[offsets[e]..<offsets[e + 1]])
                    guard stored.count == key.count else { return false }
                    guard let a = stored.baseAddress, let b = key.baseAddress else { return true }
                    return memcmp(a, b, key.count) == 0
                }
                if same { return e }
            }
            s = (s + 1) & mask
        }
    }

    /// The hash of key `index`, as ``hash(_:)`` computed it.
    func hash(at index: Int) -> UInt64 { hashes[index] }

    /// Calls `body` with the bytes of key `index`.
    func withKey<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        bytes.withUnsafeBytes { all in body(UnsafeRawBufferPointer(rebasing: all[offsets[index]..<offsets[index + 1]])) }
    }

    /// Bytes held, for cache accounting.
    var memoryFootprint: Int { bytes.count + offsets.count * 8 + hashes.count * 8 + slots.count * 4 }

    private mutating func place(_ index: Int, hash h: UInt64) {
        var s = Int(truncatingIfNeeded: h) & mask
        while slots[s] >= 0 { s = (s + 1) & mask }
        slots[s] = Int32(index)
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for (i, h) in hashes.enumerated() { place(i, hash: h) }
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
