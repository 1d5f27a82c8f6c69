import ArgumentParser

/// Sizes and durations on the command line: `134217728`, `128M`, `1G`; `168h`, `7d`, `90m`, `2.5h`.
enum SizeText {
    static func bytes(_ text: String) throws -> Int64 {
        let units: [(String, Int64)] = [("k", 1 << 10), ("m", 1 << 20), ("g", 1 << 30)]
        var t = text.lowercased()
        if t.hasSuffix("ib") { t.removeLast(2) } else if t.hasSuffix("b") { t.removeLast() }
        var factor: Int64 = 1
        for (suffix, f) in units where t.hasSuffix(suffix) {
            t.removeLast()
            factor = f
        }
        guard let n = Int64(t), n > 0, n <= Int64.max / factor else {
            throw ValidationError("'\(text)' is not a size: give bytes, or a number with K, M or G")
        }
        return n * factor
    }

    static func hours(_ text: String) throws -> Double {
        let units: [(Character, Double)] = [("h", 1), ("d", 24), ("m", 1.0 / 60), ("s", 1.0 / 3600)]
        var t = text.lowercased()
        var factor = 1.0
        if let last = t.last, let unit = units.first(where: { $0.0 == last }) {
            t.removeLast()
            factor = unit.1
        }
        guard let n = Double(t), n >= 0, n.isFinite else {
            throw ValidationError("'\(text)' is not a duration: give hours, or a number with h, d, m or s (168h, 7d)")
        }
        return n * factor
    }
}
