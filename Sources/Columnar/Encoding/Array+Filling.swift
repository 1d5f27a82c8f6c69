extension Array where Element: BitwiseCopyable {
    /// Grows the array by `n` copies of `zero`, then lets `body` overwrite exactly those new elements through a
    /// pointer: decoders fill their output in place instead of appending value by value.
    @inline(__always)
    mutating func appendFilling<R, E: Error>(_ n: Int, zero: Element,
                                             _ body: (UnsafeMutableBufferPointer<Element>) throws(E) -> R) throws(E) -> R {
        let base = count
        append(contentsOf: repeatElement(zero, count: n))
        let result: Result<R, E> = withUnsafeMutableBufferPointer { all in
            Result { () throws(E) -> R in try body(UnsafeMutableBufferPointer(rebasing: all[base..<(base + n)])) }
        }
        return try result.get()
    }
}

extension UnsafeMutableBufferPointer where Element: BitwiseCopyable {
    /// Moves the first `present` elements to the rows whose `valid` flag is set (as many as `present`), keeping
    /// their order, and sets the other rows to `zero`. `valid` holds one flag per element; empty means all valid.
    @inline(__always)
    func spread(present: Int, valid: [UInt8], zero: Element) {
        guard !valid.isEmpty else { return }
        valid.withUnsafeBufferPointer { v in
            // Backwards, so that no value is overwritten before it moves: row i >= its present index k.
            var k = present - 1
            var i = Swift.min(count, v.count) - 1
            while i >= 0 {
                if v[i] != 0 && k >= 0 {
                    self[i] = self[k]
                    k -= 1
                } else {
                    self[i] = zero
                }
                i -= 1
            }
        }
    }
}
