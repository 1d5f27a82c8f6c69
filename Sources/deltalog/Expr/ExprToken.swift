/// A token of the expression language, with its 1-based character position.
struct ExprToken: Equatable {
    enum Kind: Equatable {
        case word(String)
        /// A back-quoted name, never a keyword.
        case quotedName(String)
        case number(String)
        case string(String)
        case op(String)
        case leftParen, rightParen, comma
        case end
    }

    let kind: Kind
    let position: Int

    /// A bare word equal to `keyword`, ignoring case.
    func isKeyword(_ keyword: String) -> Bool {
        if case let .word(w) = kind { return w.lowercased() == keyword }
        return false
    }

    /// How the token reads in an error message.
    var shown: String {
        switch kind {
        case let .word(w): return "'\(w)'"
        case let .quotedName(n): return "`\(n)`"
        case let .number(n): return n
        case let .string(s): return "'\(s)'"
        case let .op(o): return "'\(o)'"
        case .leftParen: return "'('"
        case .rightParen: return "')'"
        case .comma: return "','"
        case .end: return "the end of the expression"
        }
    }
}
