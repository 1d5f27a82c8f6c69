/// A parser for the subset of TOML that SwiftLake's configuration uses, producing a `JSONValue` tree so TOML and
/// JSON configuration files share one decoder.
///
/// Supported: `#` comments; `[table]`, `[a.b]` and `[[array.of.tables]]` headers; `key = value` with bare,
/// quoted and dotted keys; basic strings (`"…"` with `\" \\ \n \t \r \b \f \uXXXX \UXXXXXXXX`), literal strings
/// (`'…'`); integers (with `_` separators), floats, booleans; arrays (multi-line, trailing comma allowed) and
/// inline tables. Not supported (rejected with an error): multi-line strings, dates, redefining a key.
public struct TOMLSubset {
    public init() {}

    /// Parses a whole document into an object.
    public func parse(_ text: String) throws(ConfigError) -> JSONValue {
        var p = TOMLCursor(Array(text.utf8))
        return try p.document()
    }
}

private struct TOMLCursor {
    let u: [UInt8]
    var i = 0
    var line = 1
    var lineStart = 0
    /// Nesting of arrays and inline tables, bounded so a hostile file cannot exhaust the stack.
    var depth = 0
    static let maxDepth = 32

    init(_ u: [UInt8]) { self.u = u }

    func fail(_ message: String) -> ConfigError {
        .syntax(line: line, column: i - lineStart + 1, message: message)
    }

    var atEnd: Bool { i >= u.count }
    func peek(_ k: Int = 0) -> UInt8? { i + k < u.count ? u[i + k] : nil }

    mutating func skipSpaces() {
        while let b = peek(), b == 0x20 || b == 0x09 { i += 1 }
    }

    mutating func skipComment() {
        if peek() == UInt8(ascii: "#") { while let b = peek(), b != 0x0A { i += 1 } }
    }

    /// Skips spaces, comments and newlines (inside arrays).
    mutating func skipBlank() {
        while true {
            skipSpaces()
            skipComment()
            guard let b = peek() else { return }
            if b == 0x0A { newline() } else if b == 0x0D { i += 1 } else { return }
        }
    }

    mutating func newline() {
        i += 1
        line += 1
        lineStart = i
    }

    mutating func endOfLine() throws(ConfigError) {
        skipSpaces()
        skipComment()
        if peek() == 0x0D { i += 1 }
        guard let b = peek() else { return }
        guard b == 0x0A else { throw fail("expected the end of the line") }
        newline()
    }

    mutating func document() throws(ConfigError) -> JSONValue {
        var root = JSONObject()
        var current: [PathStep] = []
        var defined: Set<String> = []
        while true {
            skipBlank()
            guard let b = peek() else { break }
            if b == UInt8(ascii: "[") {
                let isArray = peek(1) == UInt8(ascii: "[")
                i += isArray ? 2 : 1
                skipSpaces()
                let keys = try dottedKey()
                skipSpaces()
                guard peek() == UInt8(ascii: "]"), !isArray || peek(1) == UInt8(ascii: "]") else {
                    throw fail(isArray ? "expected ']]'" : "expected ']'")
                }
                i += isArray ? 2 : 1
                try endOfLine()
                if isArray {
                    try Self.appendTable(&root, keys, line: line - 1)
                    current = keys.map { .key($0) } + [.last]
                } else {
                    let name = keys.joined(separator: ".")
                    guard defined.insert(name).inserted else { throw fail("table [\(name)] is defined twice") }
                    try Self.ensureTable(&root, keys.map { .key($0) }, line: line - 1)
                    current = keys.map { .key($0) }
                }
                continue
            }
            let keys = try dottedKey()
            skipSpaces()
            guard peek() == UInt8(ascii: "=") else { throw fail("expected '=' after the key") }
            i += 1
            skipSpaces()
            let v = try value()
            try Self.set(&root, current + keys.dropLast().map { .key($0) }, keys[keys.count - 1], v, line: line)
            try endOfLine()
        }
        return .object(root)
    }

    enum PathStep { case key(String), last }

    static func ensureTable(_ root: inout JSONObject, _ path: [PathStep], line: Int) throws(ConfigError) {
        try modify(&root, path, line: line) { (_: inout JSONObject) throws(ConfigError) in }
    }

    static func appendTable(_ root: inout JSONObject, _ keys: [String], line: Int) throws(ConfigError) {
        try modify(&root, keys.dropLast().map { .key($0) }, line: line) { (o: inout JSONObject) throws(ConfigError) in
            let k = keys[keys.count - 1]
            switch o[k] {
            case nil: o[k] = .array([.object(JSONObject())])
            case .array(var items)?:
                items.append(.object(JSONObject()))
                o[k] = .array(items)
            default: throw .syntax(line: line, column: 1, message: "\(k) is not an array of tables")
            }
        }
    }

    static func set(_ root: inout JSONObject, _ path: [PathStep], _ key: String, _ v: JSONValue, line: Int) throws(ConfigError) {
        try modify(&root, path, line: line) { (o: inout JSONObject) throws(ConfigError) in
            guard o[key] == nil else { throw .syntax(line: line, column: 1, message: "key \(key) is defined twice") }
            o[key] = v
        }
    }

    /// Applies `body` to the table at `path`, creating intermediate tables.
    static func modify(_ o: inout JSONObject, _ path: [PathStep], line: Int,
                       _ body: (inout JSONObject) throws(ConfigError) -> Void) throws(ConfigError) {
        guard let first = path.first else { return try body(&o) }
        let rest = Array(path.dropFirst())
        switch first {
        case .key(let k):
            var child: JSONObject
            switch o[k] {
            case nil: child = JSONObject()
            case .object(let c)?: child = c
            case .array(var items)?:
                // An array of tables: headers below it address its last element.
                guard case .object(var last)? = items.last else {
                    throw .syntax(line: line, column: 1, message: "\(k) is not a table")
                }
                var below = rest
                if case .last? = below.first { below.removeFirst() }
                try modify(&last, below, line: line, body)
                items[items.count - 1] = .object(last)
                o[k] = .array(items)
                return
            default: throw .syntax(line: line, column: 1, message: "\(k) is not a table")
            }
            try modify(&child, rest, line: line, body)
            o[k] = .object(child)
        case .last:
            throw .syntax(line: line, column: 1, message: "malformed table path")
        }
    }

    mutating func enter() throws(ConfigError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw fail("nested deeper than \(Self.maxDepth)") }
    }

    mutating func dottedKey() throws(ConfigError) -> [String] {
        var keys = [try simpleKey()]
        while true {
            skipSpaces()
            guard peek() == UInt8(ascii: ".") else { return keys }
            guard keys.count < Self.maxDepth else { throw fail("a key with more than \(Self.maxDepth) parts") }
            i += 1
            skipSpaces()
            keys.append(try simpleKey())
        }
    }

    mutating func simpleKey() throws(ConfigError) -> String {
        if peek() == UInt8(ascii: "\"") { return try basicString() }
        if peek() == UInt8(ascii: "'") { return try literalString() }
        let start = i
        while let b = peek(), Self.isBareKeyByte(b) { i += 1 }
        guard i > start else { throw fail("expected a key") }
        return String(decoding: u[start..<i], as: UTF8.self)
    }

    static func isBareKeyByte(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D
    }

    mutating func value() throws(ConfigError) -> JSONValue {
        guard let b = peek() else { throw fail("expected a value") }
        switch b {
        case UInt8(ascii: "\""): return .string(try basicString())
        case UInt8(ascii: "'"): return .string(try literalString())
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "{"): return try inlineTable()
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            if matches("true") { i += 4; return .bool(true) }
            if matches("false") { i += 5; return .bool(false) }
            throw fail("expected a value")
        default: return try number()
        }
    }

    func matches(_ word: String) -> Bool {
        let w = Array(word.utf8)
        guard i + w.count <= u.count, Array(u[i..<(i + w.count)]) == w else { return false }
        if let next = peek(w.count), Self.isBareKeyByte(next) { return false }
        return true
    }

    mutating func number() throws(ConfigError) -> JSONValue {
        let start = i
        while let b = peek(), Self.isBareKeyByte(b) || b == UInt8(ascii: "+") || b == UInt8(ascii: ".") { i += 1 }
        let text = String(decoding: u[start..<i].filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        if let n = Int64(text) { return .int(n) }
        if text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let d = Double(text), d.isFinite { return .double(d) }
        i = start
        throw fail("expected a value (string, number, boolean, array or table), found '\(text)'")
    }

    mutating func array() throws(ConfigError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        i += 1
        var items: [JSONValue] = []
        while true {
            skipBlank()
            guard let b = peek() else { throw fail("unterminated array") }
            if b == UInt8(ascii: "]") { i += 1; return .array(items) }
            items.append(try value())
            skipBlank()
            if peek() == UInt8(ascii: ",") { i += 1; continue }
            guard peek() == UInt8(ascii: "]") else { throw fail("expected ',' or ']' in the array") }
        }
    }

    mutating func inlineTable() throws(ConfigError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        i += 1
        var o = JSONObject()
        skipSpaces()
        if peek() == UInt8(ascii: "}") { i += 1; return .object(o) }
        while true {
            skipSpaces()
            let keys = try dottedKey()
            skipSpaces()
            guard peek() == UInt8(ascii: "=") else { throw fail("expected '='") }
            i += 1
            skipSpaces()
            let v = try value()
            try Self.set(&o, keys.dropLast().map { .key($0) }, keys[keys.count - 1], v, line: line)
            skipSpaces()
            if peek() == UInt8(ascii: ",") { i += 1; continue }
            guard peek() == UInt8(ascii: "}") else { throw fail("expected ',' or '}' in the inline table") }
            i += 1
            return .object(o)
        }
    }

    mutating func literalString() throws(ConfigError) -> String {
        i += 1
        let start = i
        while let b = peek(), b != UInt8(ascii: "'") {
            guard b != 0x0A else { throw fail("unterminated string") }
            i += 1
        }
        guard peek() != nil else { throw fail("unterminated string") }
        let s = String(decoding: u[start..<i], as: UTF8.self)
        i += 1
        return s
    }

    mutating func basicString() throws(ConfigError) -> String {
        i += 1
        var out: [UInt8] = []
        while let b = peek() {
            switch b {
            case UInt8(ascii: "\""):
                i += 1
                guard let s = String(validating: out, as: UTF8.self) else { throw fail("string is not valid UTF-8") }
                return s
            case UInt8(ascii: "\\"):
                guard let e = peek(1) else { throw fail("unterminated string") }
                i += 2
                if let simple = simpleEscape(e) {
                    out.append(simple)
                    continue
                }
                switch e {
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let n = e == UInt8(ascii: "u") ? 4 : 8
                    guard i + n <= u.count, let v = UInt32(String(decoding: u[i..<(i + n)], as: UTF8.self), radix: 16),
                          let scalar = Unicode.Scalar(v) else { throw fail("invalid unicode escape") }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    i += n
                default: throw fail("invalid escape in string")
                }
            case 0x0A: throw fail("unterminated string")
            default:
                out.append(b)
                i += 1
            }
        }
        throw fail("unterminated string")
    }
}
