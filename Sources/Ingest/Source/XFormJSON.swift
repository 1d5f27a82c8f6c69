/// Converts a form submission (`form.xml`) to JSON with HQ's rules (`XFormInstance.form_data`):
///
/// - the root becomes an object with `#type` = its tag;
/// - attributes become `@name` members (namespace prefixes dropped, `xmlns` declarations not copied);
/// - an element whose namespace differs from its parent's gets `@xmlns` = that namespace (the root: its own);
/// - an element with neither attributes nor children becomes its text (`""` when empty); otherwise an object, with
///   its non-blank text under `#text`;
/// - repeated sibling elements become a list;
/// - date-time strings (text and attributes) are rewritten to UTC `YYYY-MM-DDTHH:MM:SS.ffffffZ`; dates stay.
///
/// The parser is a small, strict, non-validating XML 1.0 reader: no DTDs (refused), the five predefined
/// entities and character references, CDATA, comments and processing instructions; depth limited.
public struct XFormJSON: Sendable {
    public var maxDepth: Int

    public init(maxDepth: Int = 256) {
        self.maxDepth = maxDepth
    }

    public func convert(_ bytes: [UInt8]) throws(XMLError) -> JSONValue {
        var r = XMLReader(u: bytes, maxDepth: maxDepth)
        return try r.document()
    }
}

private struct XMLReader {
    let u: [UInt8]
    let maxDepth: Int
    var i = 0

    init(u: [UInt8], maxDepth: Int) {
        self.u = u
        self.maxDepth = maxDepth
    }

    func peek(_ k: Int = 0) -> UInt8? { i + k < u.count ? u[i + k] : nil }

    func starts(_ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard i + n <= u.count else { return false }
        let p = s.utf8Start
        for k in 0..<n where u[i + k] != p[k] { return false }
        return true
    }

    mutating func skipSpace() {
        while let b = peek(), b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { i += 1 }
    }

    /// Skips until after `end`; throws at end of input.
    mutating func skip(past end: StaticString) throws(XMLError) {
        while i < u.count {
            if starts(end) { i += end.utf8CodeUnitCount; return }
            i += 1
        }
        throw .unexpectedEnd(offset: i)
    }

    mutating func skipMisc() throws(XMLError) {
        while true {
            skipSpace()
            if starts("<?") { try skip(past: "?>") } else if starts("<!--") { try skip(past: "-->") } else if starts("<!DOCTYPE") || starts("<!doctype") {
                throw .doctypeNotAllowed(offset: i)
            } else { return }
        }
    }

    mutating func document() throws(XMLError) -> JSONValue {
        if starts("\u{FEFF}") { i += 3 }
        try skipMisc()
        guard peek() == UInt8(ascii: "<") else {
            throw peek() == nil ? .unexpectedEnd(offset: i) : .malformed(offset: i, message: "expected the root element")
        }
        let root = try element(depth: 1, parentNamespace: "", scopes: [["xml": "http://www.w3.org/XML/1998/namespace"]])
        try skipMisc()
        guard i == u.count else { throw .malformed(offset: i, message: "content after the root element") }
        guard case .object(var o) = root.value else {
            var o = JSONObject()
            o["#type"] = .string(root.name)
            if case .string(let s) = root.value, !s.isEmpty { o["#text"] = root.value }
            return .object(o)
        }
        var out = JSONObject()
        out["#type"] = .string(root.name)
        for (k, v) in o.members { out[k] = v }
        o = out
        return .object(o)
    }

    mutating func name() throws(XMLError) -> String {
        let start = i
        while let b = peek(), !(b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == UInt8(ascii: ">")
                                || b == UInt8(ascii: "/") || b == UInt8(ascii: "=")) {
            i += 1
        }
        guard i > start else { throw .malformed(offset: i, message: "expected a name") }
        guard let s = String(validating: u[start..<i], as: UTF8.self) else { throw .invalidUTF8(offset: start) }
        return s
    }

    static func split(_ qname: String) -> (prefix: String?, local: String) {
        guard let colon = qname.firstIndex(of: ":") else { return (nil, qname) }
        return (String(qname[..<colon]), String(qname[qname.index(after: colon)...]))
    }

    /// Reads one element at `<`; returns its local name and JSON value.
    mutating func element(depth: Int, parentNamespace: String, scopes: [[String: String]]) throws(XMLError) -> (name: String, value: JSONValue) {
        guard depth <= maxDepth else { throw .tooDeep(offset: i, limit: maxDepth) }
        let open = i
        i += 1
        let qname = try name()
        var attributes: [(String, String)] = []
        var declared: [String: String] = [:]
        var selfClosing = false
        while true {
            skipSpace()
            guard let b = peek() else { throw .unexpectedEnd(offset: i) }
            if b == UInt8(ascii: ">") { i += 1; break }
            if b == UInt8(ascii: "/") {
                guard peek(1) == UInt8(ascii: ">") else { throw .malformed(offset: i, message: "expected '/>'") }
                i += 2
                selfClosing = true
                break
            }
            let attrName = try name()
            skipSpace()
            guard peek() == UInt8(ascii: "=") else { throw .malformed(offset: i, message: "expected '=' after \(attrName)") }
            i += 1
            skipSpace()
            let value = try quoted()
            if attrName == "xmlns" { declared[""] = value } else if attrName.hasPrefix("xmlns:") {
                declared[String(attrName.dropFirst(6))] = value
            } else {
                attributes.append((attrName, value))
            }
        }
        var scopes = scopes
        if !declared.isEmpty { scopes.append(declared) }
        let (prefix, local) = Self.split(qname)
        guard let namespace = Self.resolve(prefix ?? "", scopes) ?? (prefix == nil ? "" : nil) else {
            throw .undeclaredPrefix(prefix ?? "", offset: open)
        }
        var object = JSONObject()
        if namespace != parentNamespace || (depth == 1 && !namespace.isEmpty) { object["@xmlns"] = .string(namespace) }
        for (n, v) in attributes {
            let key = "@" + Self.split(n).local
            if object[key] == nil { object[key] = .string(Self.adjust(v)) }
        }
        var text: [UInt8] = []
        var hasChildren = false
        // Children seen more than once: their member is a list of the repetitions.
        var repeated: Set<String> = []
        if !selfClosing {
            loop: while true {
                guard let b = peek() else { throw .unexpectedEnd(offset: i) }
                if b != UInt8(ascii: "<") {
                    if b == UInt8(ascii: "&") { try entity(into: &text) } else { text.append(b); i += 1 }
                    continue
                }
                if starts("</") {
                    let at = i
                    i += 2
                    let closing = try name()
                    skipSpace()
                    guard peek() == UInt8(ascii: ">") else { throw .malformed(offset: i, message: "expected '>'") }
                    i += 1
                    guard closing == qname else { throw .mismatchedTag(expected: qname, found: closing, offset: at) }
                    break loop
                }
                if starts("<!--") { try skip(past: "-->"); continue }
                if starts("<![CDATA[") {
                    i += 9
                    let start = i
                    try skip(past: "]]>")
                    text.append(contentsOf: u[start..<(i - 3)])
                    continue
                }
                if starts("<?") { try skip(past: "?>"); continue }
                if starts("<!") { throw .doctypeNotAllowed(offset: i) }
                hasChildren = true
                let child = try element(depth: depth + 1, parentNamespace: namespace, scopes: scopes)
                switch object[child.name] {
                case nil: object[child.name] = child.value
                case .array(var items)? where repeated.contains(child.name):
                    items.append(child.value)
                    object[child.name] = .array(items)
                case let existing?:
                    repeated.insert(child.name)
                    object[child.name] = .array([existing, child.value])
                }
            }
        }
        guard let textString = String(validating: text, as: UTF8.self) else { throw .invalidUTF8(offset: open) }
        if object.isEmpty, !hasChildren { return (local, .string(Self.adjust(textString))) }
        if textString.contains(where: { !$0.isWhitespace }) { object["#text"] = .string(Self.adjust(textString)) }
        return (local, .object(object))
    }

    static func resolve(_ prefix: String, _ scopes: [[String: String]]) -> String? {
        for scope in scopes.reversed() { if let ns = scope[prefix] { return ns } }
        return nil
    }

    mutating func quoted() throws(XMLError) -> String {
        guard let q = peek(), q == UInt8(ascii: "\"") || q == UInt8(ascii: "'") else {
            throw .malformed(offset: i, message: "expected a quoted attribute value")
        }
        i += 1
        var out: [UInt8] = []
        while let b = peek(), b != q {
            if b == UInt8(ascii: "<") { throw .malformed(offset: i, message: "'<' in an attribute value") }
            if b == UInt8(ascii: "&") { try entity(into: &out) } else { out.append(b); i += 1 }
        }
        guard peek() == q else { throw .unexpectedEnd(offset: i) }
        i += 1
        guard let s = String(validating: out, as: UTF8.self) else { throw .invalidUTF8(offset: i) }
        return s
    }

    mutating func entity(into out: inout [UInt8]) throws(XMLError) {
        let at = i
        i += 1
        let start = i
        while let b = peek(), b != UInt8(ascii: ";") {
            guard i - start < 12 else { throw .malformed(offset: at, message: "unterminated entity") }
            i += 1
        }
        guard peek() == UInt8(ascii: ";") else { throw .unexpectedEnd(offset: i) }
        let name = String(decoding: u[start..<i], as: UTF8.self)
        i += 1
        switch name {
        case "lt": out.append(UInt8(ascii: "<"))
        case "gt": out.append(UInt8(ascii: ">"))
        case "amp": out.append(UInt8(ascii: "&"))
        case "quot": out.append(UInt8(ascii: "\""))
        case "apos": out.append(UInt8(ascii: "'"))
        default:
            var code: UInt32?
            if name.hasPrefix("#x") { code = UInt32(name.dropFirst(2), radix: 16) } else if name.hasPrefix("#") {
                code = UInt32(name.dropFirst(), radix: 10)
            }
            guard let code, let scalar = Unicode.Scalar(code), code != 0 else { throw .undefinedEntity(name, offset: at) }
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
    }

    /// HQ's `adjust_datetimes`: a date-time string becomes UTC with microseconds; anything else is unchanged.
    static func adjust(_ s: String) -> String {
        guard s.utf8.count >= 16, s.utf8.count <= 40, s.contains("T"), case .timestamp(let t)? = HQTime.parse(s) else { return s }
        return HQTime.formatTimestamp(t)
    }
}
