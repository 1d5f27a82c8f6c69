/// Flattens a document into a typed record: nested objects become columns joined with `__`
/// (`form__meta__timeEnd`), lists stay whole as JSON values, empty objects produce no column.
///
/// Type inference (docs/INGEST.md): JSON integers → int64, other numbers → double, booleans → bool, null → null;
/// strings that are exactly an ISO date (`YYYY-MM-DD`) → date, an ISO date-time (HQ's formats, see `HQTime`) →
/// timestamp, all other strings → string. Numeric-looking strings stay strings (HQ stores case properties as
/// text; use a `cast` transform to change that).
public struct Flattener: Sendable {
    public var separator: String
    /// Whether date and date-time strings become date / timestamp values.
    public var inferTemporalStrings: Bool

    public init(separator: String = "__", inferTemporalStrings: Bool = true) {
        self.separator = separator
        self.inferTemporalStrings = inferTemporalStrings
    }

    public func flatten(_ doc: JSONObject) throws(TransformError) -> FlatRecord {
        var record = FlatRecord()
        var seen: Set<String> = []
        seen.reserveCapacity(doc.count * 2)
        try add(doc, prefix: "", into: &record, seen: &seen)
        return record
    }

    private func add(_ o: JSONObject, prefix: String, into record: inout FlatRecord, seen: inout Set<String>) throws(TransformError) {
        for (key, value) in o.members {
            let name = prefix.isEmpty ? key : prefix + separator + key
            if case .object(let child) = value {
                try add(child, prefix: name, into: &record, seen: &seen)
                continue
            }
            guard seen.insert(name).inserted else { throw .columnCollision(name) }
            record.appendUnchecked(name, scalar(value))
        }
    }

    /// The typed value of a non-object JSON value.
    public func scalar(_ value: JSONValue) -> FieldValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int64(i)
        case .double(let d): return .double(d)
        case .string(let s):
            guard inferTemporalStrings, let parsed = HQTime.parse(s) else { return .string(s) }
            switch parsed {
            case .date(let d): return .date(d)
            case .timestamp(let t): return .timestamp(t)
            }
        case .array: return .json(value.jsonText)
        case .object: return .json(value.jsonText)
        }
    }
}
