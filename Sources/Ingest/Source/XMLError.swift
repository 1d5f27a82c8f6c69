/// Why a form XML could not be converted, with the byte offset of the problem.
public enum XMLError: Error, Equatable, Sendable, CustomStringConvertible {
    case unexpectedEnd(offset: Int)
    case malformed(offset: Int, message: String)
    case mismatchedTag(expected: String, found: String, offset: Int)
    case undefinedEntity(String, offset: Int)
    case undeclaredPrefix(String, offset: Int)
    /// DTDs are refused: entity expansion is a denial-of-service vector and forms never need one.
    case doctypeNotAllowed(offset: Int)
    case tooDeep(offset: Int, limit: Int)
    case invalidUTF8(offset: Int)

    public var description: String {
        switch self {
        case let .unexpectedEnd(o): return "XML: input ends early at byte \(o)"
        case let .malformed(o, m): return "XML: \(m) at byte \(o)"
        case let .mismatchedTag(e, f, o): return "XML: </\(f)> closes <\(e)> at byte \(o)"
        case let .undefinedEntity(n, o): return "XML: undefined entity &\(n); at byte \(o)"
        case let .undeclaredPrefix(p, o): return "XML: undeclared namespace prefix \(p) at byte \(o)"
        case let .doctypeNotAllowed(o): return "XML: DOCTYPE is not allowed at byte \(o)"
        case let .tooDeep(o, l): return "XML: nesting deeper than \(l) at byte \(o)"
        case let .invalidUTF8(o): return "XML: invalid UTF-8 at byte \(o)"
        }
    }
}
