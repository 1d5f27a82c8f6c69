import Columnar

/// Predicates about a predicate's truth value under three-valued logic, which `not` alone cannot say:
/// `not (x = 1)` is unknown, not true, when x is null. Used to insert the merge rows that `--delete-where`
/// does not pick out, nulls included. (A NaN compares as unknown and is not covered: it counts as true.)
enum PredicateTruth {
    /// True exactly when `p` is false or unknown.
    static func notTrue(_ p: Predicate) -> Predicate {
        switch p {
        case let .eq(c, v): return .or(.isNull(c), .ne(c, v))
        case let .ne(c, v): return .or(.isNull(c), .eq(c, v))
        case let .lt(c, v): return .or(.isNull(c), .ge(c, v))
        case let .le(c, v): return .or(.isNull(c), .gt(c, v))
        case let .gt(c, v): return .or(.isNull(c), .le(c, v))
        case let .ge(c, v): return .or(.isNull(c), .lt(c, v))
        case let .isIn(c, vs): return .or(.isNull(c), .not(.isIn(c, vs.filter { !$0.isNull })))
        case let .isNull(c): return .isNotNull(c)
        case let .isNotNull(c): return .isNull(c)
        case let .and(a, b): return .or(notTrue(a), notTrue(b))
        case let .or(a, b): return .and(notTrue(a), notTrue(b))
        case let .not(a): return notFalse(a)
        }
    }

    /// True exactly when `p` is true or unknown.
    static func notFalse(_ p: Predicate) -> Predicate {
        switch p {
        case .isNull, .isNotNull: return p
        case let .eq(c, _), let .ne(c, _), let .lt(c, _), let .le(c, _), let .gt(c, _), let .ge(c, _), let .isIn(c, _):
            return .or(.isNull(c), p)
        case let .and(a, b): return .and(notFalse(a), notFalse(b))
        case let .or(a, b): return .or(notFalse(a), notFalse(b))
        case let .not(a): return notTrue(a)
        }
    }
}
