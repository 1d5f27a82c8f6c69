import Columnar
import Ingest

/// How a table value is shown: as text for tables and CSV, as JSON for machines. Dates are `YYYY-MM-DD`,
/// timestamps ISO 8601 in UTC with microseconds, binaries hexadecimal.
enum ValueText {
    /// The text form; nil for null.
    static func text(_ v: Value) -> String? {
        switch v {
        case .null: return nil
        case let .boolean(b): return b ? "true" : "false"
        case let .int32(x): return String(x)
        case let .int64(x): return String(x)
        case let .float32(x): return x.description
        case let .float64(x): return x.description
        case let .string(s): return s
        case let .binary(b): return hex(b)
        case let .date(d): return HQTime.formatDate(d)
        case let .timestamp(t): return HQTime.formatTimestamp(t)
        }
    }

    /// For human output: nulls shown as `null`.
    static func display(_ v: Value) -> String { text(v) ?? "null" }

    /// The JSON form; `json`-typed columns are embedded as JSON rather than quoted.
    static func json(_ v: Value, type: DataType) -> Json {
        switch v {
        case .null: return .null
        case let .boolean(b): return .bool(b)
        case let .int32(x): return .int(Int64(x))
        case let .int64(x): return .int(x)
        case let .float32(x): return .double(Double(x))
        case let .float64(x): return .double(x)
        case let .string(s): return type == .json ? .embedded(s) : .string(s)
        default: return .string(text(v) ?? "")
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var out = "0x"
        out.reserveCapacity(2 + bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return out
    }
}
