/// Why a JSON text was rejected, with the byte offset (from 0) where the problem was found.
public enum JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input ended inside a value.
    case unexpectedEnd(offset: Int)
    /// A byte that cannot start or continue the value being read; `expected` says what could.
    case unexpectedByte(UInt8, offset: Int, expected: String)
    /// A malformed number (leading zero, missing digits, …).
    case invalidNumber(offset: Int)
    /// A backslash escape that JSON does not define, or a malformed `\u` escape.
    case invalidEscape(offset: Int)
    /// A `\u` escape for a lone UTF-16 surrogate.
    case loneSurrogate(offset: Int)
    /// Bytes that are not valid UTF-8.
    case invalidUTF8(offset: Int)
    /// A raw control character (below U+0020) inside a string.
    case controlCharacterInString(offset: Int)
    /// Arrays and objects nested deeper than the limit.
    case tooDeep(offset: Int, limit: Int)
    /// The same key twice in one object.
    case duplicateKey(String, offset: Int)
    /// Something other than whitespace after the top-level value.
    case trailingData(offset: Int)

    /// The byte offset of the problem.
    public var offset: Int {
        switch self {
        case let .unexpectedEnd(o), let .unexpectedByte(_, o, _), let .invalidNumber(o), let .invalidEscape(o),
            let .loneSurrogate(o), let .invalidUTF8(o), let .controlCharacterInString(o), let .tooDeep(o, _),
            let .duplicateKey(_, o), let .trailingData(o):
            return o
        }
    }

    public var description: String {
        switch self {
        case let .unexpectedEnd(o): return "JSON: input ends inside a value at byte \(o)"
        case let .unexpectedByte(b, o, expected):
            return "JSON: unexpected byte 0x\(String(b, radix: 16)) at byte \(o), expected \(expected)"
        case let .invalidNumber(o): return "JSON: malformed number at byte \(o)"
        case let .invalidEscape(o): return "JSON: invalid escape at byte \(o)"
        case let .loneSurrogate(o): return "JSON: lone UTF-16 surrogate escape at byte \(o)"
        case let .invalidUTF8(o): return "JSON: invalid UTF-8 at byte \(o)"
        case let .controlCharacterInString(o): return "JSON: raw control character in a string at byte \(o)"
        case let .tooDeep(o, limit): return "JSON: nesting deeper than \(limit) at byte \(o)"
        case let .duplicateKey(k, o): return "JSON: duplicate key \"\(k)\" at byte \(o)"
        case let .trailingData(o): return "JSON: unexpected data after the value at byte \(o)"
        }
    }
}
