/// A strict, bounded JSON parser over UTF-8 bytes. Used for log actions and statistics, never per data row.
/// Nesting is limited so a hostile log line cannot exhaust the stack.
public struct JSONParser {
    private let bytes: UnsafeRawBufferPointer
    private var pos = 0
    private var depth = 0
    private static let maxDepth = 128

    private init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Parses exactly one JSON value (surrounding whitespace allowed).
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> JSONValue {
        var p = JSONParser(bytes)
        p.skipSpace()
        let v = try p.value()
        p.skipSpace()
        guard p.pos == bytes.count else { throw JSONError(offset: p.pos, detail: "trailing characters") }
        return v
    }

    public static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        do {
            return try bytes.withUnsafeBytes { buf in try parse(buf) }
        } catch let e as JSONError {
            throw e
        } catch {
            throw JSONError(offset: 0, detail: "\(error)")
        }
    }

    public static func parse(_ text: String) throws(JSONError) -> JSONValue { try parse(Array(text.utf8)) }

    private mutating func skipSpace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x09, 0x0A, 0x0D: pos += 1
            default: return
            }
        }
    }

    private func fail(_ detail: String) -> JSONError { JSONError(offset: pos, detail: detail) }

    private mutating func value() throws(JSONError) -> JSONValue {
        guard pos < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw fail("unexpected character")
        }
    }

    private mutating func literal(_ word: String) throws(JSONError) {
        let w = Array(word.utf8)
        let n = w.count
        guard pos + n <= bytes.count else { throw fail("unexpected end of input") }
        for i in 0..<n where bytes[pos + i] != w[i] { throw fail("invalid literal") }
        pos += n
    }

    private mutating func enter() throws(JSONError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw fail("nesting deeper than \(Self.maxDepth)") }
        pos += 1
        skipSpace()
    }

    private mutating func object() throws(JSONError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        var members: [(String, JSONValue)] = []
        if pos < bytes.count && bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(members) }
        while true {
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
            let key = try string()
            skipSpace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            pos += 1
            skipSpace()
            members.append((key, try value()))
            skipSpace()
            guard pos < bytes.count else { throw fail("unterminated object") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; skipSpace(); continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(members) }
            throw fail("expected ',' or '}'")
        }
    }

    private mutating func array() throws(JSONError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        var items: [JSONValue] = []
        if pos < bytes.count && bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
        while true {
            items.append(try value())
            skipSpace()
            guard pos < bytes.count else { throw fail("unterminated array") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; skipSpace(); continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
            throw fail("expected ',' or ']'")
        }
    }

    private mutating func string() throws(JSONError) -> String {
        pos += 1
        let start = pos
        // Fast path: no escapes, so the bytes are the string.
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
                pos += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw fail("control character in string") }
            pos += 1
        }
        // Escaped strings (an `add` action's `stats` is JSON inside a JSON string) copy the runs between escapes
        // whole: appending byte by byte was the largest cost of replaying a log.
        var out = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[start..<pos]))
        while pos < bytes.count {
            let run = pos
            while pos < bytes.count {
                let b = bytes[pos]
                if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { break }
                pos += 1
            }
            if pos > run { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[run..<pos])) }
            guard pos < bytes.count else { break }
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b < 0x20 { throw fail("control character in string") }
            pos += 1
            guard pos < bytes.count else { break }
            let e = bytes[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate must be followed by an escaped low surrogate.
                    guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u")
                    else { throw fail("unpaired surrogate") }
                    pos += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw fail("unpaired surrogate")
                }
                guard let u = Unicode.Scalar(scalar) else { throw fail("invalid code point") }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default: throw fail("invalid escape")
            }
        }
        throw fail("unterminated string")
    }

    private mutating func hex4() throws(JSONError) -> UInt32 {
        guard pos + 4 <= bytes.count else { throw fail("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[pos]
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
            default: throw fail("invalid hex digit")
            }
            v = v << 4 | UInt32(d)
            pos += 1
        }
        return v
    }

    private mutating func number() throws(JSONError) -> JSONValue {
        let start = pos
        var isInteger = true
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        let intStart = pos
        while pos < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[pos]) { pos += 1 }
        guard pos > intStart else { throw fail("expected digits") }
        if bytes[intStart] == UInt8(ascii: "0") && pos - intStart > 1 { throw fail("leading zero") }
        if pos < bytes.count && bytes[pos] == UInt8(ascii: ".") {
            isInteger = false
            pos += 1
            let f = pos
            while pos < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[pos]) { pos += 1 }
            guard pos > f else { throw fail("expected fraction digits") }
        }
        if pos < bytes.count && (bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E")) {
            isInteger = false
            pos += 1
            if pos < bytes.count && (bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-")) { pos += 1 }
            let e = pos
            while pos < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[pos]) { pos += 1 }
            guard pos > e else { throw fail("expected exponent digits") }
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
        if isInteger, let i = Int64(text) { return .int(i) }
        guard let d = Double(text) else { throw JSONError(offset: start, detail: "number out of range") }
        return .double(d)
    }
}
