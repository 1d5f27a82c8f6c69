extension UnsafeRawPointer {
    /// The `count` (0...8) bytes at `offset` as a little-endian word, zero-padded, of which `readable` bytes from
    /// the pointer may be read: with a whole word readable it is loaded at once and masked (a shift by 64 gives 0,
    /// so no branch on `count`), otherwise byte by byte.
    @inline(__always) func partialWord(at offset: Int, count: Int, readable: Int) -> UInt64 {
        if offset + 8 <= readable {
            return UInt64(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self)) & ((1 << UInt64(count * 8)) &- 1)
        }
        var w: UInt64 = 0
        for k in 0..<count { w |= UInt64(load(fromByteOffset: offset + k, as: UInt8.self)) << UInt64(k * 8) }
        return w
    }
}

extension UnsafeRawBufferPointer {
    /// `partialWord` of `count` bytes at `offset`, all within this buffer.
    @inline(__always) func partialWord(at offset: Int, count: Int) -> UInt64 {
        guard let p = baseAddress else { return 0 }
        return p.partialWord(at: offset, count: count, readable: self.count)
    }
}
