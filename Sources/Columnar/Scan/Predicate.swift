/// A row filter pushed into a scan. Evaluated with three-valued logic: a comparison with a null (or a NaN)
/// is unknown, `not unknown` is unknown, and a row is kept only when the predicate is true. Strings compare
/// bytewise (UTF-8 code unit order); -0.0 equals +0.0. Literals must have the column's type (`.string` for
/// json columns).
public indirect enum Predicate: Sendable, Hashable, CustomStringConvertible {
    case eq(String, Value)
    case ne(String, Value)
    case lt(String, Value)
    case le(String, Value)
    case gt(String, Value)
    case ge(String, Value)
    /// True when the column equals one of the values (null literals never match).
    case isIn(String, [Value])
    case isNull(String)
    case isNotNull(String)
    case and(Predicate, Predicate)
    case or(Predicate, Predicate)
    case not(Predicate)

    /// The columns the predicate reads.
    public var columns: [String] {
        var out: [String] = []
        func visit(_ p: Predicate) {
            switch p {
            case let .eq(c, _), let .ne(c, _), let .lt(c, _), let .le(c, _), let .gt(c, _), let .ge(c, _),
                 let .isIn(c, _), let .isNull(c), let .isNotNull(c):
                if !out.contains(c) { out.append(c) }
            case let .and(a, b), let .or(a, b):
                visit(a)
                visit(b)
            case let .not(a): visit(a)
            }
        }
        visit(self)
        return out
    }

    public var description: String {
        switch self {
        case let .eq(c, v): return "\(c) = \(v)"
        case let .ne(c, v): return "\(c) != \(v)"
        case let .lt(c, v): return "\(c) < \(v)"
        case let .le(c, v): return "\(c) <= \(v)"
        case let .gt(c, v): return "\(c) > \(v)"
        case let .ge(c, v): return "\(c) >= \(v)"
        case let .isIn(c, vs): return "\(c) IN (\(vs.map(\.description).joined(separator: ", ")))"
        case let .isNull(c): return "\(c) IS NULL"
        case let .isNotNull(c): return "\(c) IS NOT NULL"
        case let .and(a, b): return "(\(a) AND \(b))"
        case let .or(a, b): return "(\(a) OR \(b))"
        case let .not(a): return "NOT \(a)"
        }
    }

    /// Checks column names and literal types against `schema`.
    public func validate(against schema: Schema) throws(ColumnarError) {
        func check(_ c: String, _ values: [Value]) throws(ColumnarError) {
            guard let f = schema.field(named: c) else { throw .unknownColumn(name: c) }
            for v in values where !v.fits(f.type) {
                throw .typeMismatch(field: c, expected: f.type, actual: v.kind)
            }
        }
        switch self {
        case let .eq(c, v), let .ne(c, v), let .lt(c, v), let .le(c, v), let .gt(c, v), let .ge(c, v): try check(c, [v])
        case let .isIn(c, vs): try check(c, vs)
        case let .isNull(c), let .isNotNull(c): try check(c, [])
        case let .and(a, b), let .or(a, b):
            try a.validate(against: schema)
            try b.validate(against: schema)
        case let .not(a): try a.validate(against: schema)
        }
    }

    /// Evaluates the predicate on one row given as a value lookup; nil = unknown. This is the reference
    /// semantics; scans use the vectorised evaluator.
    public func evaluate(_ value: (String) -> Value) -> Bool? {
        func cmp(_ c: String, _ lit: Value, _ ok: (Int) -> Bool) -> Bool? {
            let v = value(c)
            if v.isNull || lit.isNull { return nil }
            return Value.compare(v, lit).map(ok)
        }
        switch self {
        case let .eq(c, l): return cmp(c, l) { $0 == 0 }
        case let .ne(c, l): return cmp(c, l) { $0 != 0 }
        case let .lt(c, l): return cmp(c, l) { $0 < 0 }
        case let .le(c, l): return cmp(c, l) { $0 <= 0 }
        case let .gt(c, l): return cmp(c, l) { $0 > 0 }
        case let .ge(c, l): return cmp(c, l) { $0 >= 0 }
        case let .isIn(c, ls):
            let v = value(c)
            if v.isNull { return nil }
            var unknown = false
            for l in ls where !l.isNull {
                guard let r = Value.compare(v, l) else { unknown = true; continue }
                if r == 0 { return true }
            }
            return unknown ? nil : false
        case let .isNull(c): return value(c).isNull
        case let .isNotNull(c): return !value(c).isNull
        case let .and(a, b):
            let x = a.evaluate(value), y = b.evaluate(value)
            if x == false || y == false { return false }
            return x == true && y == true ? true : nil
        case let .or(a, b):
            let x = a.evaluate(value), y = b.evaluate(value)
            if x == true || y == true { return true }
            return x == false && y == false ? false : nil
        case let .not(a): return a.evaluate(value).map { !$0 }
        }
    }
}
