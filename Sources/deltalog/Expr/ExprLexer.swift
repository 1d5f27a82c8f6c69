/// Splits an expression into tokens: names (letters, digits, `_`, `.`; or back-quoted), numbers, strings in
/// single or double quotes (a doubled quote inside is one quote), `= == != <> < <= > >=`, parentheses
/// and commas.
struct ExprLexer {
    let option: String
    let source: String

    func tokens() throws(ExprError) -> [ExprToken] {
        let chars = Array(source)
        var out: [ExprToken] = []
        var i = 0
        func fail(_ message: String, at p: Int) -> ExprError {
            ExprError(option: option, source: source, position: p + 1, message: message)
        }
        while i < chars.count {
            let c = chars[i]
            let start = i
            if c.isWhitespace { i += 1; continue }
            if c.isLetter || c == "_" {
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || chars[i] == "." { i += 1 }
                out.append(ExprToken(kind: .word(String(chars[start..<i])), position: start + 1))
            } else if c.isNumber || ((c == "-" || c == "+" || c == ".") && i + 1 < chars.count && (chars[i + 1].isNumber || chars[i + 1] == ".")) {
                i += 1
                while i < chars.count, chars[i].isNumber || chars[i] == "." || chars[i] == "e" || chars[i] == "E"
                    || ((chars[i] == "-" || chars[i] == "+") && (chars[i - 1] == "e" || chars[i - 1] == "E")) { i += 1 }
                out.append(ExprToken(kind: .number(String(chars[start..<i])), position: start + 1))
            } else if c == "'" || c == "\"" || c == "`" {
                var text = ""
                i += 1
                var closed = false
                while i < chars.count {
                    if chars[i] == c {
                        if i + 1 < chars.count, chars[i + 1] == c { text.append(c); i += 2; continue }
                        closed = true
                        i += 1
                        break
                    }
                    text.append(chars[i])
                    i += 1
                }
                guard closed else { throw fail("unterminated \(c == "`" ? "name" : "string") (no closing \(c))", at: start) }
                out.append(ExprToken(kind: c == "`" ? .quotedName(text) : .string(text), position: start + 1))
            } else if c == "(" || c == ")" || c == "," {
                out.append(ExprToken(kind: c == "(" ? .leftParen : c == ")" ? .rightParen : .comma, position: start + 1))
                i += 1
            } else if "=!<>".contains(c) {
                let two = i + 1 < chars.count ? String(chars[i...(i + 1)]) : ""
                let op: String
                if ["==", "!=", "<>", "<=", ">="].contains(two) { op = two } else if c == "!" {
                    throw fail("'!' must be followed by '='", at: start)
                } else { op = String(c) }
                i += op.count
                out.append(ExprToken(kind: .op(op), position: start + 1))
            } else {
                throw fail("unexpected character '\(c)'", at: start)
            }
        }
        out.append(ExprToken(kind: .end, position: chars.count + 1))
        return out
    }
}
