/// Evaluates a ``Predicate`` over whole columns at once, giving each row 0 (false), 1 (true) or 2 (unknown).
enum PredicateEvaluator {
    static let no: UInt8 = 0, yes: UInt8 = 1, unknown: UInt8 = 2

    /// The rows of `batch` where `p` is true.
    static func select(_ p: Predicate, in batch: RecordBatch, within ranges: [Range<Int>]? = nil) throws(ColumnarError) -> [Int] {
        let t = try evaluate(p, batch)
        var out: [Int] = []
        for r in ranges ?? [0..<batch.rowCount] {
            for i in r where t[i] == yes { out.append(i) }
        }
        return out
    }

    static func evaluate(_ p: Predicate, _ batch: RecordBatch) throws(ColumnarError) -> [UInt8] {
        switch p {
        case let .eq(c, v): return try compare(c, v, batch) { $0 == 0 }
        case let .ne(c, v): return try compare(c, v, batch) { $0 != 0 }
        case let .lt(c, v): return try compare(c, v, batch) { $0 < 0 }
        case let .le(c, v): return try compare(c, v, batch) { $0 <= 0 }
        case let .gt(c, v): return try compare(c, v, batch) { $0 > 0 }
        case let .ge(c, v): return try compare(c, v, batch) { $0 >= 0 }
        case let .isIn(c, vs):
            var acc = [UInt8](repeating: no, count: batch.rowCount)
            let col = try column(c, batch)
            for i in 0..<batch.rowCount where col.isNull(i) { acc[i] = unknown }
            for v in vs where !v.isNull {
                let t = try compare(c, v, batch) { $0 == 0 }
                for i in acc.indices { acc[i] = or(acc[i], t[i]) }
            }
            return acc
        case let .isNull(c):
            let col = try column(c, batch)
            return (0..<batch.rowCount).map { col.isNull($0) ? yes : no }
        case let .isNotNull(c):
            let col = try column(c, batch)
            return (0..<batch.rowCount).map { col.isNull($0) ? no : yes }
        case let .and(a, b):
            var x = try evaluate(a, batch)
            let y = try evaluate(b, batch)
            for i in x.indices { x[i] = and(x[i], y[i]) }
            return x
        case let .or(a, b):
            var x = try evaluate(a, batch)
            let y = try evaluate(b, batch)
            for i in x.indices { x[i] = or(x[i], y[i]) }
            return x
        case let .not(a):
            var x = try evaluate(a, batch)
            for i in x.indices where x[i] != unknown { x[i] ^= 1 }
            return x
        }
    }

    @inline(__always) static func and(_ x: UInt8, _ y: UInt8) -> UInt8 {
        if x == no || y == no { return no }
        return x == yes && y == yes ? yes : unknown
    }

    @inline(__always) static func or(_ x: UInt8, _ y: UInt8) -> UInt8 {
        if x == yes || y == yes { return yes }
        return x == no && y == no ? no : unknown
    }

    private static func column(_ name: String, _ batch: RecordBatch) throws(ColumnarError) -> Column {
        guard let c = batch.column(named: name) else { throw .unknownColumn(name: name) }
        return c
    }

    /// Compares every row of column `name` with `lit`; `ok` maps the comparison's sign to the outcome.
    private static func compare(_ name: String, _ lit: Value, _ batch: RecordBatch,
                                _ ok: (Int) -> Bool) throws(ColumnarError) -> [UInt8] {
        let col = try column(name, batch)
        guard lit.fits(col.type) else { throw .typeMismatch(field: name, expected: col.type, actual: lit.kind) }
        let n = batch.rowCount
        if lit.isNull { return [UInt8](repeating: unknown, count: n) }
        switch (col, lit) {
        case let (.int32(v), .int32(l)), let (.date(v), .date(l)): return primitive(v, l, ok)
        case let (.int64(v), .int64(l)), let (.timestamp(v), .timestamp(l)): return primitive(v, l, ok)
        case let (.float32(v), .float32(l)): return primitive(v, l, ok)
        case let (.float64(v), .float64(l)): return primitive(v, l, ok)
        case let (.string(v), .string(l)), let (.json(v), .string(l)):
            var l = l
            return l.withUTF8 { varlen(v, UnsafeRawBufferPointer($0), ok) }
        case let (.binary(v), .binary(l)): return l.withUnsafeBytes { varlen(v, $0, ok) }
        default:
            return (0..<n).map { i in
                if col.isNull(i) { return unknown }
                guard let c = Value.compare(col.value(at: i), lit) else { return unknown }
                return ok(c) ? yes : no
            }
        }
    }

    private static func primitive<E: PrimitiveElement>(_ v: PrimitiveVector<E>, _ l: E, _ ok: (Int) -> Bool) -> [UInt8] {
        // Outcomes for below / equal / above, computed once.
        let lt = ok(-1) ? yes : no, eq = ok(0) ? yes : no, gt = ok(1) ? yes : no
        if l.isNaNValue { return [UInt8](repeating: unknown, count: v.count) }
        return v.withUnsafeBufferPointer { buf in
            [UInt8](unsafeUninitializedCapacity: buf.count) { out, n in
                for i in 0..<buf.count {
                    let x = buf[i]
                    out[i] = x.isNaNValue ? unknown : (x < l ? lt : (x == l ? eq : gt))
                }
                if v.validity != nil {
                    for i in 0..<buf.count where v.isNull(i) { out[i] = unknown }
                }
                n = buf.count
            }
        }
    }

    private static func varlen(_ v: BinaryVector, _ l: UnsafeRawBufferPointer, _ ok: (Int) -> Bool) -> [UInt8] {
        let lt = ok(-1) ? yes : no, eq = ok(0) ? yes : no, gt = ok(1) ? yes : no
        return v.withUnsafeBuffers { offs, all in
            [UInt8](unsafeUninitializedCapacity: v.count) { out, n in
                for i in 0..<v.count {
                    let c = compareBytes(UnsafeRawBufferPointer(rebasing: all[offs[i]..<offs[i + 1]]), l)
                    out[i] = c < 0 ? lt : (c == 0 ? eq : gt)
                }
                if v.validity != nil {
                    for i in 0..<v.count where v.isNull(i) { out[i] = unknown }
                }
                n = v.count
            }
        }
    }
}
