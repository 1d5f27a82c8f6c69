/// A statement argument as libpq receives it: text, binary (bytea) or NULL.
public enum PGParameter: Sendable, Equatable {
    case null
    case text(String)
    case binary([UInt8])
}

/// A Swift value that can be bound to a `$n` placeholder.
public protocol PGEncodable {
    var pgParameter: PGParameter { get }
}

extension PGParameter: PGEncodable {
    public var pgParameter: PGParameter { self }
}

extension String: PGEncodable {
    public var pgParameter: PGParameter { .text(self) }
}

extension Substring: PGEncodable {
    public var pgParameter: PGParameter { .text(String(self)) }
}

extension Int: PGEncodable {
    public var pgParameter: PGParameter { .text(String(self)) }
}

extension Int32: PGEncodable {
    public var pgParameter: PGParameter { .text(String(self)) }
}

extension Int64: PGEncodable {
    public var pgParameter: PGParameter { .text(String(self)) }
}

extension Double: PGEncodable {
    public var pgParameter: PGParameter { .text(String(self)) }
}

extension Bool: PGEncodable {
    public var pgParameter: PGParameter { .text(self ? "t" : "f") }
}

extension Array: PGEncodable where Element == UInt8 {
    /// Bytes bind as `bytea` in binary format.
    public var pgParameter: PGParameter { .binary(self) }
}

extension Optional: PGEncodable where Wrapped: PGEncodable {
    public var pgParameter: PGParameter { self?.pgParameter ?? .null }
}

/// A text array (`text[]`), for bulk lookups such as `WHERE id = ANY($1)`.
public struct PGTextArray: PGEncodable, Sendable {
    public var elements: [String?]

    public init(_ elements: [String?]) { self.elements = elements }
    public init(_ elements: [String]) { self.elements = elements }

    /// The array literal: every element double-quoted with `"` and `\` escaped, NULL unquoted.
    public var pgParameter: PGParameter {
        var s = "{"
        for (i, e) in elements.enumerated() {
            if i > 0 { s += "," }
            guard let e else { s += "NULL"; continue }
            s += "\""
            for ch in e.unicodeScalars {
                if ch == "\"" || ch == "\\" { s += "\\" }
                s.unicodeScalars.append(ch)
            }
            s += "\""
        }
        s += "}"
        return .text(s)
    }
}
