import Columnar

/// Serialises `JSONValue`s as compact JSON (no whitespace), appending to a byte buffer.
///
/// Output is valid RFC 8259 JSON: strings escape `"`, `\` and control characters; non-finite doubles (which
/// JSON cannot express) are written as `null`.
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends one value.
    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: append("null")
        case .bool(let b): append(b ? "true" : "false")
        case .int(let i): append(String(i))
        case .double(let d): writeDouble(d)
        case .string(let s): writeString(s)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                write(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let o):
            bytes.append(UInt8(ascii: "{"))
            var first = true
            for (k, v) in o.members {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                writeString(k)
                bytes.append(UInt8(ascii: ":"))
                write(v)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Appends a JSON string literal.
    public mutating func writeString(_ s: String) {
        JSONStringLiteral.append(s, to: &bytes)
    }

    private mutating func writeDouble(_ d: Double) {
        guard d.isFinite else { return append("null") }
        // Swift's description is the shortest text that round-trips, e.g. "0.1", "1e-07", "5.0".
        append(d.description)
    }

    private mutating func append(_ s: String) {
        bytes.append(contentsOf: s.utf8)
    }
}

extension JSONValue {
    /// The value as compact JSON bytes.
    public var jsonBytes: [UInt8] {
        var w = JSONWriter()
        w.write(self)
        return w.bytes
    }

    /// The value as compact JSON text.
    public var jsonText: String {
        String(decoding: jsonBytes, as: UTF8.self)
    }
}
