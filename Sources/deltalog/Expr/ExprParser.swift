/// Parses the filter language of `--where` and `--delete-where`:
///
///     expr       := term ('or' term)*
///     term       := factor ('and' factor)*
///     factor     := 'not' factor | '(' expr ')' | comparison
///     comparison := name op literal | name ['not'] 'in' '(' literal (',' literal)* ')' | name 'is' ['not'] 'null'
///     op         := = | == | != | <> | < | <= | > | >=
///     literal    := number | 'text' | "text" | true | false | null
///
/// Keywords are case-insensitive; a back-quoted name may be anything, keywords included.
struct ExprParser {
    let option: String
    let source: String
    private var tokens: [ExprToken] = []
    private var index = 0

    init(option: String, source: String) {
        self.option = option
        self.source = source
    }

    /// The whole expression; anything left over is an error.
    static func parse(_ source: String, option: String) throws(ExprError) -> ExprNode {
        var p = ExprParser(option: option, source: source)
        p.tokens = try ExprLexer(option: option, source: source).tokens()
        guard p.tokens.count > 1 else { throw p.fail("the expression is empty", at: p.current) }
        let node = try p.expression()
        guard p.current.kind == .end else {
            throw p.fail("expected 'and', 'or' or the end of the expression, found \(p.current.shown)", at: p.current)
        }
        return node
    }

    /// One literal alone (the value of `--set col=value`); nil when the text is a bare name instead.
    static func literal(_ source: String, option: String) throws(ExprError) -> ExprNode.Literal? {
        var p = ExprParser(option: option, source: source)
        p.tokens = try ExprLexer(option: option, source: source).tokens()
        if p.tokens.count == 2, case .word = p.current.kind, p.literalKeyword(p.current) == nil { return nil }
        let lit = try p.literal(after: "=")
        guard p.current.kind == .end else { throw p.fail("expected one value, found \(p.current.shown) after it", at: p.current) }
        return lit
    }

    private var current: ExprToken { tokens[min(index, tokens.count - 1)] }

    private func fail(_ message: String, at token: ExprToken) -> ExprError {
        ExprError(option: option, source: source, position: token.position, message: message)
    }

    private mutating func expression() throws(ExprError) -> ExprNode {
        var left = try term()
        while current.isKeyword("or") {
            index += 1
            left = .or(left, try term())
        }
        return left
    }

    private mutating func term() throws(ExprError) -> ExprNode {
        var left = try factor()
        while current.isKeyword("and") {
            index += 1
            left = .and(left, try factor())
        }
        return left
    }

    private mutating func factor() throws(ExprError) -> ExprNode {
        if current.isKeyword("not") {
            index += 1
            return .not(try factor())
        }
        if current.kind == .leftParen {
            let open = current
            index += 1
            let inner = try expression()
            guard current.kind == .rightParen else {
                throw fail("expected ')' to close the '(' at character \(open.position), found \(current.shown)", at: current)
            }
            index += 1
            return inner
        }
        return try comparison()
    }

    private mutating func comparison() throws(ExprError) -> ExprNode {
        let nameToken = current
        let name: String
        switch nameToken.kind {
        case let .word(w) where !Self.keywords.contains(w.lowercased()): name = w
        case let .quotedName(n): name = n
        default: throw fail("expected a column name, found \(nameToken.shown)", at: nameToken)
        }
        index += 1
        let column = ExprNode.Column(name: name, position: nameToken.position)
        let opToken = current
        if case let .op(op) = opToken.kind {
            index += 1
            let comparison: ExprNode.Comparison
            switch op {
            case "=", "==": comparison = .eq
            case "!=", "<>": comparison = .ne
            case "<": comparison = .lt
            case "<=": comparison = .le
            case ">": comparison = .gt
            default: comparison = .ge
            }
            let value = try literal(after: op)
            if value.kind == .null {
                throw fail("a comparison with null is never true; write '\(name) is \(comparison == .ne ? "not " : "")null'", at: opToken)
            }
            return .compare(column, comparison, value)
        }
        if opToken.isKeyword("is") {
            index += 1
            let negated = current.isKeyword("not")
            if negated { index += 1 }
            guard current.isKeyword("null") else { throw fail("expected 'null' after 'is\(negated ? " not" : "")', found \(current.shown)", at: current) }
            index += 1
            return .isNull(column, negated: negated)
        }
        var negated = false
        if opToken.isKeyword("not") {
            negated = true
            index += 1
            guard current.isKeyword("in") else { throw fail("expected 'in' after 'not', found \(current.shown)", at: current) }
        }
        if current.isKeyword("in") {
            index += 1
            guard current.kind == .leftParen else { throw fail("expected '(' after 'in', found \(current.shown)", at: current) }
            index += 1
            var values = [try literal(after: "(")]
            while current.kind == .comma {
                index += 1
                values.append(try literal(after: ","))
            }
            guard current.kind == .rightParen else { throw fail("expected ',' or ')' in the 'in' list, found \(current.shown)", at: current) }
            index += 1
            return .isIn(column, values, negated: negated)
        }
        throw fail("expected an operator (= != < <= > >= in, is null) after '\(name)', found \(opToken.shown)", at: opToken)
    }

    private mutating func literal(after: String) throws(ExprError) -> ExprNode.Literal {
        let t = current
        let kind: ExprNode.Literal.Kind
        switch t.kind {
        case let .number(n): kind = .number(n)
        case let .string(s): kind = .string(s)
        case .word:
            guard let k = literalKeyword(t) else {
                throw fail("expected a value after '\(after)', found \(t.shown) (quote text: 'like this')", at: t)
            }
            kind = k
        default: throw fail("expected a value after '\(after)', found \(t.shown)", at: t)
        }
        index += 1
        return ExprNode.Literal(kind: kind, position: t.position)
    }

    private func literalKeyword(_ t: ExprToken) -> ExprNode.Literal.Kind? {
        if t.isKeyword("true") { return .boolean(true) }
        if t.isKeyword("false") { return .boolean(false) }
        if t.isKeyword("null") { return .null }
        return nil
    }

    static let keywords: Set<String> = ["and", "or", "not", "in", "is", "null", "true", "false"]
}
