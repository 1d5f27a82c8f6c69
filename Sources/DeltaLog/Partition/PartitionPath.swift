import Columnar

/// Hive-style partition directories (`month=2024-01-01/supervisor_id=abc/`). Names and values are escaped
/// the way Hive and Spark do it — `%XX` for control characters and `"#%'*/:=?\{[]^` and DEL — and the null
/// value is the directory `__HIVE_DEFAULT_PARTITION__`. The log stores the unescaped values.
public enum PartitionPath {
    public static let nullValue = "__HIVE_DEFAULT_PARTITION__"

    static func needsEscape(_ b: UInt8) -> Bool {
        switch b {
        case 0x01...0x1F, 0x7F: return true
        case UInt8(ascii: "\""), UInt8(ascii: "#"), UInt8(ascii: "%"), UInt8(ascii: "'"), UInt8(ascii: "*"),
             UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "\\"),
             UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "^"):
            return true
        default: return false
        }
    }

    public static func escape(_ s: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for b in s.utf8 {
            if needsEscape(b) {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func unescape(_ s: String) -> String {
        guard s.contains("%") else { return s }
        let b = Array(s.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "%"), i + 2 < b.count, let v = UInt8(String(decoding: b[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                out.append(v)
                i += 3
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The directory for partition `values` (serialized, nil = null) of the named columns, in order, ending
    /// in `/` (empty for an unpartitioned table).
    public static func directory(columns: [String], values: [String?]) -> String {
        zip(columns, values).map { c, v in
            let text = v.map { $0.isEmpty ? nullValue : escape($0) } ?? nullValue
            return escape(c) + "=" + text + "/"
        }.joined()
    }

    /// The Delta serialized form of a partition value (nil for null).
    public static func serialize(_ v: Value) -> String? {
        switch v {
        case .null: return nil
        case let .boolean(b): return b ? "true" : "false"
        case let .int32(i): return String(i)
        case let .int64(i): return String(i)
        case let .float32(f): return "\(f)"
        case let .float64(d): return "\(d)"
        case let .string(s): return s
        case let .binary(b): return String(decoding: b, as: UTF8.self)
        case let .date(d): return DateCoding.formatDate(d)
        case let .timestamp(t): return DateCoding.formatTimestamp(t)
        }
    }

    /// Parses a serialized partition value as `type`; nil and the empty string are null.
    public static func parse(_ text: String?, as type: DataType, column: String) throws(DeltaLogError) -> Value {
        guard let text, !text.isEmpty else { return .null }
        let v: Value?
        switch type {
        case .boolean: v = text == "true" ? .boolean(true) : (text == "false" ? .boolean(false) : nil)
        case .int32: v = Int32(text).map(Value.int32)
        case .int64: v = Int64(text).map(Value.int64)
        case .float32: v = Float(text).map(Value.float32)
        case .float64: v = Double(text).map(Value.float64)
        case .string, .json: v = .string(text)
        case .binary: v = .binary(Array(text.utf8))
        case .date: v = DateCoding.parseDate(text).map(Value.date)
        case .timestamp: v = DateCoding.parseTimestamp(text).map(Value.timestamp)
        }
        guard let v else { throw .invalidPartitionValue(column: column, value: text) }
        return v
    }
}
