/// Conversions between field types for `cast` transforms. Nil means the value cannot be converted.
enum FieldCast {
    static func cast(_ v: FieldValue, to type: FieldType) -> FieldValue? {
        if case .null = v { return .null }
        if v.columnType == type { return v }
        switch type {
        case .string: return v.text.map(FieldValue.string)
        case .json:
            switch v {
            case .json: return v
            case .string(let s): return .json(JSONValue.string(s).jsonText)
            case .int64(let i): return .json(String(i))
            case .double(let d): return .json(JSONValue.double(d).jsonText)
            case .bool(let b): return .json(b ? "true" : "false")
            default: return v.text.map { .json(JSONValue.string($0).jsonText) }
            }
        case .bool:
            switch v {
            case .int64(let i) where i == 0 || i == 1: return .bool(i == 1)
            case .string(let s):
                switch s.lowercased() {
                case "true", "yes", "1": return .bool(true)
                case "false", "no", "0": return .bool(false)
                default: return nil
                }
            default: return nil
            }
        case .int64:
            switch v {
            case .string(let s): return Int64(s.trimmingSpaces).map(FieldValue.int64)
            case .double(let d):
                guard d.rounded() == d, let i = Int64(exactly: d) else { return nil }
                return .int64(i)
            case .bool(let b): return .int64(b ? 1 : 0)
            default: return nil
            }
        case .double:
            switch v {
            case .string(let s):
                guard let d = Double(s.trimmingSpaces), d.isFinite else { return nil }
                return .double(d)
            case .int64(let i): return .double(Double(i))
            default: return nil
            }
        case .date:
            return day(of: v).map(FieldValue.date)
        case .timestamp:
            switch v {
            case .date(let d): return HQTime.timestamp(ofDay: d).map(FieldValue.timestamp)
            case .string(let s):
                switch HQTime.parse(s) {
                case .timestamp(let t)?: return .timestamp(t)
                case .date(let d)?: return HQTime.timestamp(ofDay: d).map(FieldValue.timestamp)
                case nil: return nil
                }
            default: return nil
            }
        }
    }

    /// The calendar day of a date, a timestamp, or a string holding either.
    static func day(of v: FieldValue) -> Int32? {
        switch v {
        case .date(let d): return d
        case .timestamp(let t): return HQTime.Parsed.timestamp(t).day
        case .string(let s): return HQTime.parse(s)?.day
        default: return nil
        }
    }
}
