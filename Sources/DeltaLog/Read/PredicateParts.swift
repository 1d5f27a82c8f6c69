import Columnar

/// Helpers for splitting a scan filter into what partitions, file statistics and data files can decide.
enum PredicateParts {
    /// The conjuncts of `p` (`a AND b AND c` → [a, b, c]).
    static func conjuncts(_ p: Predicate) -> [Predicate] {
        if case let .and(a, b) = p { return conjuncts(a) + conjuncts(b) }
        return [p]
    }

    static func and(_ ps: [Predicate]) -> Predicate? {
        guard var out = ps.first else { return nil }
        for p in ps.dropFirst() { out = .and(out, p) }
        return out
    }

    /// `p` with column names replaced through `names` (columns not in the map keep their names).
    static func rename(_ p: Predicate, _ names: [String: String]) -> Predicate {
        func n(_ c: String) -> String { names[c] ?? c }
        switch p {
        case let .eq(c, v): return .eq(n(c), v)
        case let .ne(c, v): return .ne(n(c), v)
        case let .lt(c, v): return .lt(n(c), v)
        case let .le(c, v): return .le(n(c), v)
        case let .gt(c, v): return .gt(n(c), v)
        case let .ge(c, v): return .ge(n(c), v)
        case let .isIn(c, vs): return .isIn(n(c), vs)
        case let .isNull(c): return .isNull(n(c))
        case let .isNotNull(c): return .isNotNull(n(c))
        case let .and(a, b): return .and(rename(a, names), rename(b, names))
        case let .or(a, b): return .or(rename(a, names), rename(b, names))
        case let .not(a): return .not(rename(a, names))
        }
    }

    /// Whether some row could satisfy `p` given per-column statistics (nil = unknown). Conservative: false
    /// only when the statistics prove no row matches.
    static func mightMatch(_ p: Predicate, _ stats: (String) -> ColumnStatistics?) -> Bool {
        func bounds(_ c: String, _ v: Value, _ ok: (ColumnStatistics, Value, Value) -> Bool) -> Bool {
            guard let s = stats(c) else { return true }
            if s.valueCount > 0 && s.nullCount >= s.valueCount { return false }
            guard let lo = s.min, let hi = s.max, Value.compare(lo, v) != nil, Value.compare(hi, v) != nil else { return true }
            return ok(s, lo, hi)
        }
        func cmp(_ a: Value, _ b: Value) -> Int { Value.compare(a, b) ?? 0 }
        switch p {
        case let .eq(c, v): return bounds(c, v) { _, lo, hi in cmp(lo, v) <= 0 && cmp(hi, v) >= 0 }
        case let .ne(c, v): return bounds(c, v) { _, lo, hi in !(cmp(lo, v) == 0 && cmp(hi, v) == 0) }
        case let .lt(c, v): return bounds(c, v) { _, lo, _ in cmp(lo, v) < 0 }
        case let .le(c, v): return bounds(c, v) { _, lo, _ in cmp(lo, v) <= 0 }
        case let .gt(c, v): return bounds(c, v) { _, _, hi in cmp(hi, v) > 0 }
        case let .ge(c, v): return bounds(c, v) { _, _, hi in cmp(hi, v) >= 0 }
        case let .isIn(c, vs):
            return vs.contains { v in !v.isNull && bounds(c, v) { _, lo, hi in cmp(lo, v) <= 0 && cmp(hi, v) >= 0 } }
        case let .isNull(c): return stats(c).map { $0.nullCount > 0 } ?? true
        case let .isNotNull(c): return stats(c).map { $0.nullCount < $0.valueCount } ?? true
        case let .and(a, b): return mightMatch(a, stats) && mightMatch(b, stats)
        case let .or(a, b): return mightMatch(a, stats) || mightMatch(b, stats)
        case .not: return true
        }
    }
}
