extension Array {
    /// `withUnsafeMutableBufferPointer` that keeps the closure's typed error and hands over a non-nil base
    /// address (arrays here are never empty when this is called; an empty one yields `empty`).
    @inline(__always)
    mutating func withMutableBase<R, E: Error>(
        orElse empty: R, _ body: (UnsafeMutablePointer<Element>) throws(E) -> R
    ) throws(E) -> R {
        let result: Result<R, E> = withUnsafeMutableBufferPointer { b in
            guard let base = b.baseAddress else { return .success(empty) }
            return Result { () throws(E) -> R in try body(base) }
        }
        return try result.get()
    }
}

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` that keeps the closure's typed error.
    @inline(__always)
    func withRawBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let result: Result<R, E> = withUnsafeBytes { raw in Result { () throws(E) -> R in try body(raw) } }
        return try result.get()
    }
}
