import Columnar

/// Turns a parsed expression into a Columnar ``Predicate`` over `schema`: checks each column exists and
/// types each literal as its column, so `age > 30` compares int32 with int32 and `day = '2026-01-01'` a date
/// with a date. Errors point at the offending name or literal.
struct ExprBinder {
    let option: String
    let source: String
    let schema: Schema

    /// Parses and binds `source` in one step.
    static func predicate(_ source: String, option: String, schema: Schema) throws(ExprError) -> Predicate {
        try ExprBinder(option: option, source: source, schema: schema).bind(ExprParser.parse(source, option: option))
    }

    func bind(_ node: ExprNode) throws(ExprError) -> Predicate {
        switch node {
        case let .compare(c, op, lit):
            let f = try field(c)
            let v = try value(lit, for: f)
            switch op {
            case .eq: return .eq(f.name, v)
            case .ne: return .ne(f.name, v)
            case .lt: return .lt(f.name, v)
            case .le: return .le(f.name, v)
            case .gt: return .gt(f.name, v)
            case .ge: return .ge(f.name, v)
            }
        case let .isIn(c, lits, negated):
            let f = try field(c)
            var values: [Value] = []
            for l in lits { values.append(try value(l, for: f)) }
            return negated ? .not(.isIn(f.name, values)) : .isIn(f.name, values)
        case let .isNull(c, negated):
            let f = try field(c)
            return negated ? .isNotNull(f.name) : .isNull(f.name)
        case let .and(a, b): return .and(try bind(a), try bind(b))
        case let .or(a, b): return .or(try bind(a), try bind(b))
        case let .not(a): return .not(try bind(a))
        }
    }

    private func field(_ c: ExprNode.Column) throws(ExprError) -> Field {
        guard let f = schema.field(named: c.name) else {
            let known = schema.fields.map(\.name).joined(separator: ", ")
            throw ExprError(option: option, source: source, position: c.position, message: "no column named '\(c.name)' (columns: \(known))")
        }
        return f
    }

    /// The literal as a value of the field's type.
    func value(_ lit: ExprNode.Literal, for f: Field) throws(ExprError) -> Value {
        if let v = LiteralValue.convert(lit.kind, to: f.type) { return v }
        let shown: String
        switch lit.kind {
        case let .number(n): shown = n
        case let .string(s): shown = "'\(s)'"
        case let .boolean(b): shown = b ? "true" : "false"
        case .null: shown = "null"
        }
        throw ExprError(option: option, source: source, position: lit.position,
                        message: "\(shown) is not \(LiteralValue.article(f.type)) \(f.type) value (column '\(f.name)' is \(f.type)\(LiteralValue.hint(f.type)))")
    }
}
