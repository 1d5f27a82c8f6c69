#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A strict RFC 8259 JSON parser over a byte buffer.
///
/// Rejects everything the RFC does not allow (comments, trailing commas, leading zeros, raw control characters,
/// invalid UTF-8, lone surrogates, duplicate keys) and limits nesting depth, so a hostile message cannot
/// exhaust the stack. Every error carries the byte offset where it was found.
public struct JSONParser: Sendable {
    /// Maximum nesting of arrays and objects.
    public var maxDepth: Int

    public init(maxDepth: Int = 256) {
        self.maxDepth = maxDepth
    }

    /// Parses one JSON text (surrounding whitespace allowed).
    public func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> JSONValue {
        var reader = Reader(bytes: bytes, maxDepth: maxDepth)
        reader.skipWhitespace()
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.pos == reader.end else { throw .trailingData(offset: reader.pos) }
        return value
    }

    /// Parses one JSON text from an array of bytes.
    public func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        let result = bytes.withUnsafeBytes { raw in Result { () throws(JSONError) in try parse(raw) } }
        return try result.get()
    }

    /// Parses one JSON text from a string's UTF-8.
    public func parse(_ text: String) throws(JSONError) -> JSONValue {
        try parse(Array(text.utf8))
    }
}

/// The cursor over the input. Every read is bounds-checked against `end`.
private struct Reader {
    let base: UnsafePointer<UInt8>?
    let end: Int
    let maxDepth: Int
    var pos = 0
    /// Reused for strings with escapes, so only the final `String` allocates.
    var scratch: [UInt8] = []

    init(bytes: UnsafeRawBufferPointer, maxDepth: Int) {
        base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        end = bytes.count
        self.maxDepth = maxDepth
    }

    @inline(__always)
    func byte(_ i: Int) -> UInt8? {
        guard i < end, let base else { return nil }
        return base[i]
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while let b = byte(pos), b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { pos += 1 }
    }

    mutating func value(depth: Int) throws(JSONError) -> JSONValue {
        guard let b = byte(pos) else { throw .unexpectedEnd(offset: pos) }
        switch b {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw .unexpectedByte(b, offset: pos, expected: "a value")
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONError) {
        let n = word.utf8CodeUnitCount
        let w = word.utf8Start
        for i in 0..<n {
            guard let b = byte(pos + i) else { throw .unexpectedEnd(offset: pos + i) }
            guard b == w[i] else { throw .unexpectedByte(b, offset: pos + i, expected: "\(word)") }
        }
        pos += n
    }

    mutating func array(depth: Int) throws(JSONError) -> JSONValue {
        guard depth <= maxDepth else { throw .tooDeep(offset: pos, limit: maxDepth) }
        pos += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if byte(pos) == UInt8(ascii: "]") {
            pos += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try value(depth: depth))
            skipWhitespace()
            guard let b = byte(pos) else { throw .unexpectedEnd(offset: pos) }
            pos += 1
            if b == UInt8(ascii: ",") { continue }
            if b == UInt8(ascii: "]") { return .array(items) }
            throw .unexpectedByte(b, offset: pos - 1, expected: "',' or ']'")
        }
    }

    mutating func object(depth: Int) throws(JSONError) -> JSONValue {
        guard depth <= maxDepth else { throw .tooDeep(offset: pos, limit: maxDepth) }
        pos += 1
        var keys: [String] = []
        var values: [JSONValue] = []
        skipWhitespace()
        if byte(pos) == UInt8(ascii: "}") {
            pos += 1
            return .object(JSONObject(uncheckedKeys: keys, values: values))
        }
        while true {
            skipWhitespace()
            let keyOffset = pos
            guard let q = byte(pos) else { throw .unexpectedEnd(offset: pos) }
            guard q == UInt8(ascii: "\"") else { throw .unexpectedByte(q, offset: pos, expected: "a string key") }
            let key = try string()
            // Small objects: a linear scan is cheaper than hashing every key.
            if keys.count < 64 {
                if keys.contains(key) { throw .duplicateKey(key, offset: keyOffset) }
            } else if Set(keys).contains(key) {
                throw .duplicateKey(key, offset: keyOffset)
            }
            skipWhitespace()
            guard let colon = byte(pos) else { throw .unexpectedEnd(offset: pos) }
            guard colon == UInt8(ascii: ":") else { throw .unexpectedByte(colon, offset: pos, expected: "':'") }
            pos += 1
            skipWhitespace()
            let v = try value(depth: depth)
            keys.append(key)
            values.append(v)
            skipWhitespace()
            guard let b = byte(pos) else { throw .unexpectedEnd(offset: pos) }
            pos += 1
            if b == UInt8(ascii: ",") { continue }
            if b == UInt8(ascii: "}") { return .object(JSONObject(uncheckedKeys: keys, values: values)) }
            throw .unexpectedByte(b, offset: pos - 1, expected: "',' or '}'")
        }
    }

    /// Reads a string starting at the opening quote; validates UTF-8 and escapes.
    mutating func string() throws(JSONError) -> String {
        pos += 1
        let start = pos
        // Fast path: no escapes, so the string is a slice of the input.
        while let b = byte(pos) {
            if b == UInt8(ascii: "\"") {
                let s = slice(start, pos)
                pos += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw .controlCharacterInString(offset: pos) }
            if b < 0x80 { pos += 1 } else { pos = try utf8Sequence(at: pos) }
        }
        guard byte(pos) != nil else { throw .unexpectedEnd(offset: pos) }
        scratch.removeAll(keepingCapacity: true)
        appendRaw(start, pos)
        while let b = byte(pos) {
            switch b {
            case UInt8(ascii: "\""):
                pos += 1
                return String(decoding: scratch, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try escape()
            case 0..<0x20:
                throw .controlCharacterInString(offset: pos)
            case 0..<0x80:
                scratch.append(b)
                pos += 1
            default:
                let next = try utf8Sequence(at: pos)
                appendRaw(pos, next)
                pos = next
            }
        }
        throw .unexpectedEnd(offset: pos)
    }

    func slice(_ from: Int, _ to: Int) -> String {
        guard let base else { return "" }
        return String(decoding: UnsafeBufferPointer(start: base + from, count: to - from), as: UTF8.self)
    }

    mutating func appendRaw(_ from: Int, _ to: Int) {
        guard let base, to > from else { return }
        scratch.append(contentsOf: UnsafeBufferPointer(start: base + from, count: to - from))
    }

    /// Validates one multi-byte UTF-8 sequence at `i` and returns the index after it.
    func utf8Sequence(at i: Int) throws(JSONError) -> Int {
        guard let b0 = byte(i) else { throw .unexpectedEnd(offset: i) }
        let count: Int
        var lowerBound: UInt8 = 0x80
        var upperBound: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: count = 2
        case 0xE0: count = 3; lowerBound = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: count = 3
        case 0xED: count = 3; upperBound = 0x9F  // excludes UTF-16 surrogates
        case 0xF0: count = 4; lowerBound = 0x90
        case 0xF1...0xF3: count = 4
        case 0xF4: count = 4; upperBound = 0x8F
        default: throw .invalidUTF8(offset: i)
        }
        for k in 1..<count {
            guard let b = byte(i + k) else { throw .unexpectedEnd(offset: i + k) }
            let lo: UInt8 = k == 1 ? lowerBound : 0x80
            let hi: UInt8 = k == 1 ? upperBound : 0xBF
            guard b >= lo, b <= hi else { throw .invalidUTF8(offset: i) }
        }
        return i + count
    }

    mutating func escape() throws(JSONError) {
        let at = pos
        guard let e = byte(pos + 1) else { throw .unexpectedEnd(offset: pos + 1) }
        pos += 2
        if let simple = simpleEscape(e) {
            scratch.append(simple)
            return
        }
        switch e {
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if scalar >= 0xD800, scalar <= 0xDBFF {
                guard byte(pos) == UInt8(ascii: "\\"), byte(pos + 1) == UInt8(ascii: "u") else {
                    throw .loneSurrogate(offset: at)
                }
                pos += 2
                let low = try hex4()
                guard low >= 0xDC00, low <= 0xDFFF else { throw .loneSurrogate(offset: at) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if scalar >= 0xDC00, scalar <= 0xDFFF {
                throw .loneSurrogate(offset: at)
            }
            guard let u = Unicode.Scalar(scalar) else { throw .invalidEscape(offset: at) }
            if let encoded = UTF8.encode(u) { scratch.append(contentsOf: encoded) }
        default:
            throw .invalidEscape(offset: at)
        }
    }

    mutating func hex4() throws(JSONError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let c = byte(pos) else { throw .unexpectedEnd(offset: pos) }
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw .invalidEscape(offset: pos)
            }
            v = v << 4 | d
            pos += 1
        }
        return v
    }

    mutating func number() throws(JSONError) -> JSONValue {
        let start = pos
        var negative = false
        if byte(pos) == UInt8(ascii: "-") {
            negative = true
            pos += 1
        }
        guard let first = byte(pos), isDigit(first) else { throw .invalidNumber(offset: start) }
        // Accumulate as a negative number so Int64.min is exact.
        var acc: Int64 = 0
        var overflow = false
        if first == UInt8(ascii: "0") {
            pos += 1
            if let b = byte(pos), isDigit(b) { throw .invalidNumber(offset: start) }
        } else {
            while let b = byte(pos), isDigit(b) {
                if !overflow {
                    let (m, o1) = acc.multipliedReportingOverflow(by: 10)
                    let (s, o2) = m.subtractingReportingOverflow(Int64(b - UInt8(ascii: "0")))
                    if o1 || o2 { overflow = true } else { acc = s }
                }
                pos += 1
            }
        }
        var isInteger = true
        if byte(pos) == UInt8(ascii: ".") {
            isInteger = false
            pos += 1
            guard let b = byte(pos), isDigit(b) else { throw .invalidNumber(offset: start) }
            while let b = byte(pos), isDigit(b) { pos += 1 }
        }
        if let e = byte(pos), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            isInteger = false
            pos += 1
            if let s = byte(pos), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { pos += 1 }
            guard let b = byte(pos), isDigit(b) else { throw .invalidNumber(offset: start) }
            while let b = byte(pos), isDigit(b) { pos += 1 }
        }
        if isInteger, !overflow {
            if negative { return .int(acc) }
            if acc != Int64.min { return .int(-acc) }
        }
        return .double(try parseDouble(start, pos))
    }

    /// The validated number text converted by the C library (correctly rounded).
    func parseDouble(_ from: Int, _ to: Int) throws(JSONError) -> Double {
        guard let base else { throw .invalidNumber(offset: from) }
        let length = to - from
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buf in
            for i in 0..<length { buf[i] = CChar(bitPattern: base[from + i]) }
            buf[length] = 0
            guard let p = buf.baseAddress else { return Double.nan }
            return strtod(p, nil)
        }
    }

    @inline(__always)
    func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
}

/// The byte a one-character backslash escape stands for (`\n` → LF, …), shared by the JSON and TOML readers.
func simpleEscape(_ e: UInt8) -> UInt8? {
    switch e {
    case UInt8(ascii: "\""): return 0x22
    case UInt8(ascii: "\\"): return 0x5C
    case UInt8(ascii: "/"): return 0x2F
    case UInt8(ascii: "b"): return 0x08
    case UInt8(ascii: "f"): return 0x0C
    case UInt8(ascii: "n"): return 0x0A
    case UInt8(ascii: "r"): return 0x0D
    case UInt8(ascii: "t"): return 0x09
    default: return nil
    }
}
