import Columnar
import Ingest

/// Converts a literal as written to a value of a column type; nil when it does not denote one.
enum LiteralValue {
    static func convert(_ kind: ExprNode.Literal.Kind, to type: DataType) -> Value? {
        let text: String
        switch kind {
        case .null: return .null
        case let .boolean(b): return type == .boolean ? .boolean(b) : nil
        case let .number(n): text = n
        case let .string(s): text = s
        }
        return parse(text, as: type)
    }

    /// Text (a CSV cell, a quoted literal) as a value of `type`.
    static func parse(_ text: String, as type: DataType) -> Value? {
        switch type {
        case .boolean:
            switch text.lowercased() {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            default: return nil
            }
        case .int32: return Int32(text).map(Value.int32)
        case .int64: return Int64(text).map(Value.int64)
        case .float32: return Float(text).map(Value.float32)
        case .float64: return Double(text).map(Value.float64)
        case .string, .json: return .string(text)
        case .binary:
            guard text.hasPrefix("0x"), text.count % 2 == 0 else { return nil }
            var bytes: [UInt8] = []
            var it = text.dropFirst(2).makeIterator()
            while let hi = it.next(), let lo = it.next() {
                guard let b = UInt8(String([hi, lo]), radix: 16) else { return nil }
                bytes.append(b)
            }
            return .binary(bytes)
        case .date:
            if case let .date(d)? = HQTime.parse(text) { return .date(d) }
            return nil
        case .timestamp:
            switch HQTime.parse(text) {
            case let .timestamp(t)?: return .timestamp(t)
            case let .date(d)?: return HQTime.timestamp(ofDay: d).map(Value.timestamp)
            case nil: return nil
            }
        }
    }

    /// `a` or `an`, for "is not an int64 value".
    static func article(_ type: DataType) -> String {
        type.description.first.map { "aeiou".contains($0) } == true ? "an" : "a"
    }

    /// How to write a value of `type`, for error messages.
    static func hint(_ type: DataType) -> String {
        switch type {
        case .date: return "; write '2026-01-31'"
        case .timestamp: return "; write '2026-01-31T12:00:00Z'"
        case .boolean: return "; write true or false"
        case .binary: return "; write '0x0a1b'"
        default: return ""
        }
    }
}
