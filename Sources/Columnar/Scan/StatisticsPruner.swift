/// Decides from statistics (and bloom filters) whether a predicate can be true, or can be false, for any row
/// of a row group or page. Both answers are conservative: `canBeTrue == false` proves no row matches.
struct StatisticsPruner {
    struct Outcome {
        var canBeTrue: Bool
        var canBeFalse: Bool
        static let anything = Outcome(canBeTrue: true, canBeFalse: true)
    }

    /// Statistics of the column called `name`, if known.
    let statistics: (String) -> ColumnStatistics?
    /// Whether the column may contain the value (bloom filter); true when unknown.
    let mightContain: (String, Value) -> Bool

    func evaluate(_ p: Predicate) -> Outcome {
        switch p {
        case let .eq(c, v):
            var o = range(c, v) { lo, hi in (lo <= 0 && hi >= 0, !(lo == 0 && hi == 0)) }
            if o.canBeTrue && !mightContain(c, v) { o.canBeTrue = false }
            return o
        case let .ne(c, v): return range(c, v) { lo, hi in (!(lo == 0 && hi == 0), lo <= 0 && hi >= 0) }
        case let .lt(c, v): return range(c, v) { lo, hi in (lo < 0, hi >= 0) }
        case let .le(c, v): return range(c, v) { lo, hi in (lo <= 0, hi > 0) }
        case let .gt(c, v): return range(c, v) { lo, hi in (hi > 0, lo <= 0) }
        case let .ge(c, v): return range(c, v) { lo, hi in (hi >= 0, lo < 0) }
        case let .isIn(c, vs):
            var o = Outcome(canBeTrue: false, canBeFalse: true)
            let present = vs.filter { !$0.isNull }
            if present.isEmpty {
                // No literal can match: rows are false, or unknown when null.
                guard let s = statistics(c) else { return .anything }
                return Outcome(canBeTrue: false, canBeFalse: s.valueCount > s.nullCount)
            }
            for v in present {
                let e = evaluate(.eq(c, v))
                o.canBeTrue = o.canBeTrue || e.canBeTrue
                // A row is false for IN only if it is false for every literal.
                o.canBeFalse = o.canBeFalse && e.canBeFalse
            }
            return o
        case let .isNull(c):
            guard let s = statistics(c) else { return .anything }
            return Outcome(canBeTrue: s.nullCount > 0, canBeFalse: s.nullCount < s.valueCount)
        case let .isNotNull(c):
            guard let s = statistics(c) else { return .anything }
            return Outcome(canBeTrue: s.nullCount < s.valueCount, canBeFalse: s.nullCount > 0)
        case let .and(a, b):
            let x = evaluate(a), y = evaluate(b)
            return Outcome(canBeTrue: x.canBeTrue && y.canBeTrue, canBeFalse: x.canBeFalse || y.canBeFalse)
        case let .or(a, b):
            let x = evaluate(a), y = evaluate(b)
            return Outcome(canBeTrue: x.canBeTrue || y.canBeTrue, canBeFalse: x.canBeFalse && y.canBeFalse)
        case let .not(a):
            let x = evaluate(a)
            return Outcome(canBeTrue: x.canBeFalse, canBeFalse: x.canBeTrue)
        }
    }

    /// A comparison outcome from the signs of min-vs-literal and max-vs-literal.
    private func range(_ c: String, _ v: Value, _ decide: (Int, Int) -> (Bool, Bool)) -> Outcome {
        guard let s = statistics(c) else { return .anything }
        if v.isNull { return Outcome(canBeTrue: false, canBeFalse: false) }
        if case let .float32(x) = v, x.isNaN { return Outcome(canBeTrue: false, canBeFalse: false) }
        if case let .float64(x) = v, x.isNaN { return Outcome(canBeTrue: false, canBeFalse: false) }
        if s.valueCount == s.nullCount { return Outcome(canBeTrue: false, canBeFalse: false) }
        guard let min = s.min, let max = s.max, let lo = Value.compare(min, v), let hi = Value.compare(max, v) else {
            return .anything
        }
        let (t, f) = decide(lo, hi)
        return Outcome(canBeTrue: t, canBeFalse: f)
    }
}
