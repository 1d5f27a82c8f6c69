/// A transform written in the configuration file, applied to flattened records after the built-in ones.
///
/// ```toml
/// [[transforms]]
/// op = "rename"   # from, to
/// [[transforms]]
/// op = "drop"     # columns = [...], prefixes = [...]
/// [[transforms]]
/// op = "cast"     # column, to = bool|int64|double|string|json|timestamp|date, on_error = quarantine|null
/// [[transforms]]
/// op = "derive"   # column, function = copy|date|month|year|lower|upper|concat|coalesce, from = [...], separator
/// ```
/// Every transform may be limited to some topics with `topics = ["form-sql", …]` (default: all).
public struct DeclarativeTransform: Sendable, Equatable {
    public enum Operation: Sendable, Equatable {
        case rename(from: String, to: String)
        case drop(columns: [String], prefixes: [String])
        case cast(column: String, to: FieldType, onError: CastFailure)
        case derive(column: String, function: DeriveFunction, from: [String], separator: String)
    }

    /// What a failed cast does.
    public enum CastFailure: String, Sendable, Equatable {
        /// The record goes to quarantine with the reason.
        case quarantine
        /// The value becomes null.
        case null
    }

    public enum DeriveFunction: String, Sendable, Equatable, CaseIterable {
        /// The first source's value.
        case copy
        /// The first source as a date (a timestamp's UTC day).
        case date
        /// The first day of the first source's month.
        case month
        /// The first source's year as int64.
        case year
        /// The first source's text in lower / upper case.
        case lower, upper
        /// The sources' texts joined with `separator` (nulls skipped).
        case concat
        /// The first non-null source.
        case coalesce
    }

    public var operation: Operation
    /// Topics this transform applies to; empty = all.
    public var topics: Set<ChangeTopic>

    public init(_ operation: Operation, topics: Set<ChangeTopic> = []) {
        self.operation = operation
        self.topics = topics
    }

    /// Applies the transform to `record` of `topic`.
    public func apply(to record: inout FlatRecord, topic: ChangeTopic) throws(TransformError) {
        guard topics.isEmpty || topics.contains(topic) else { return }
        switch operation {
        case let .rename(from, to):
            record.rename(from, to: to)
        case let .drop(columns, prefixes):
            let set = Set(columns)
            record.removeAll { name in set.contains(name) || prefixes.contains(where: { name.hasPrefix($0) }) }
        case let .cast(column, type, onError):
            guard let v = record[column] else { return }
            if let c = FieldCast.cast(v, to: type) {
                record[column] = c
            } else if onError == .null {
                record[column] = .null
            } else {
                throw .castFailed(column: column, value: v.text ?? "null", to: type)
            }
        case let .derive(column, function, from, separator):
            record[column] = Self.derive(function, from.map { record[$0] ?? .null }, separator: separator)
        }
    }

    static func derive(_ f: DeriveFunction, _ values: [FieldValue], separator: String) -> FieldValue {
        let first = values.first ?? .null
        switch f {
        case .copy: return first
        case .coalesce: return values.first { $0 != .null } ?? .null
        case .concat:
            let parts = values.compactMap(\.text)
            return parts.isEmpty ? .null : .string(parts.joined(separator: separator))
        case .lower: return first.text.map { .string($0.lowercased()) } ?? .null
        case .upper: return first.text.map { .string($0.uppercased()) } ?? .null
        case .date, .month, .year:
            guard let day = FieldCast.day(of: first) else { return .null }
            switch f {
            case .date: return .date(day)
            case .month: return .date(HQTime.firstOfMonth(day))
            default:
                let (y, _, _) = HQTime.civilFromDays(Int(day))
                return .int64(Int64(y))
            }
        }
    }

    static func decode(_ v: JSONValue, path: String, _ problems: inout [ConfigProblem]) -> DeclarativeTransform? {
        guard case .object(let o) = v else {
            problems.append(.init(path, "expected a table"))
            return nil
        }
        var r = ConfigReader(path: path, object: o)
        let before = problems.count
        var topics: Set<ChangeTopic> = []
        for t in r.strings("topics", default: [], &problems) {
            if let topic = ChangeTopic(rawValue: t) { topics.insert(topic) } else {
                problems.append(.init(r.key("topics"), "unknown topic \"\(t)\""))
            }
        }
        func required(_ k: String, _ r: inout ConfigReader) -> String {
            let s = r.string(k, default: "", &problems)
            if s.isEmpty, r.object[k] == nil || r.object[k] == .string("") { problems.append(.init(r.key(k), "required")) }
            return s
        }
        var operation: Operation?
        let op = r.string("op", default: "", &problems)
        switch op {
        case "rename":
            operation = .rename(from: required("from", &r), to: required("to", &r))
        case "drop":
            let columns = r.strings("columns", default: [], &problems)
            let prefixes = r.strings("prefixes", default: [], &problems)
            if columns.isEmpty, prefixes.isEmpty { problems.append(.init(path, "drop needs columns or prefixes")) }
            if prefixes.contains("") { problems.append(.init(r.key("prefixes"), "an empty prefix would drop every column")) }
            operation = .drop(columns: columns, prefixes: prefixes)
        case "cast":
            let column = required("column", &r)
            let typeName = required("to", &r)
            let failure = r.string("on_error", default: "quarantine", &problems)
            let type = FieldType(rawValue: typeName)
            if type == nil, !typeName.isEmpty {
                problems.append(.init(r.key("to"), "\"\(typeName)\" is not one of \(FieldType.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            let onError = CastFailure(rawValue: failure)
            if onError == nil { problems.append(.init(r.key("on_error"), "\"\(failure)\" is not quarantine or null")) }
            if let type, let onError { operation = .cast(column: column, to: type, onError: onError) }
        case "derive":
            let column = required("column", &r)
            let fname = required("function", &r)
            let from = r.strings("from", default: [], &problems)
            if from.isEmpty { problems.append(.init(r.key("from"), "at least one source column is required")) }
            let separator = r.string("separator", default: "", &problems)
            if let f = DeriveFunction(rawValue: fname) {
                operation = .derive(column: column, function: f, from: from, separator: separator)
            } else if !fname.isEmpty {
                problems.append(.init(r.key("function"), "\"\(fname)\" is not one of \(DeriveFunction.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
        case "": problems.append(.init(r.key("op"), "required: rename, drop, cast or derive"))
        default: problems.append(.init(r.key("op"), "\"\(op)\" is not rename, drop, cast or derive"))
        }
        r.reportUnknown(&problems)
        guard problems.count == before, let operation else { return nil }
        return DeclarativeTransform(operation, topics: topics)
    }
}
