/// SplitMix64: a tiny, fast, well-mixed generator. The dataset seeds one per row from the row index,
/// so any row can be regenerated on its own and every tool sees identical data.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// The SplitMix64 finaliser: a bijection on UInt64, so distinct inputs give distinct outputs.
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// Uniform in 0..<bound without modulo bias worth caring about for benchmark data.
    mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: (UInt128(next()) &* UInt128(bound)) >> 64)
    }

    /// Uniform Double in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
