import Columnar

/// A data file's statistics as Delta writes them in `add.stats`: `numRecords`, and per physical column
/// `minValues`, `maxValues` and `nullCount`. Parsed lazily from the JSON text when pruning.
public struct FileStatistics: Sendable {
    public var numRecords: Int64?
    public var minValues: [String: JSONValue]
    public var maxValues: [String: JSONValue]
    public var nullCount: [String: Int64]

    public init(numRecords: Int64?, minValues: [String: JSONValue] = [:], maxValues: [String: JSONValue] = [:], nullCount: [String: Int64] = [:]) {
        self.numRecords = numRecords
        self.minValues = minValues
        self.maxValues = maxValues
        self.nullCount = nullCount
    }

    /// Parses `add.stats`; nil when absent or not valid JSON (statistics are optional, never an error).
    public init?(json: String?) {
        guard let json, let v = try? JSONParser.parse(json), case .object = v else { return nil }
        numRecords = v["numRecords"]?.intValue
        func members(_ k: String) -> [String: JSONValue] {
            var out: [String: JSONValue] = [:]
            for (name, x) in v[k]?.objectValue ?? [] { out[name] = x }
            return out
        }
        minValues = members("minValues")
        maxValues = members("maxValues")
        nullCount = members("nullCount").compactMapValues { $0.intValue }
    }

    /// Statistics of a written file from its per-column statistics, keyed by each column's physical name.
    public init(rowCount: Int, columns: [ColumnStatistics], physicalNames: [String]) {
        numRecords = Int64(rowCount)
        minValues = [:]
        maxValues = [:]
        nullCount = [:]
        for (s, name) in zip(columns, physicalNames) {
            nullCount[name] = Int64(s.nullCount)
            if let lo = s.min.flatMap(Self.encode) { minValues[name] = lo }
            if let hi = s.max.flatMap(Self.encode) { maxValues[name] = hi }
        }
    }

    /// The `json` of ``init(rowCount:columns:physicalNames:)``, written straight from the column statistics with
    /// no dictionaries in between: `order` holds the indices of `physicalNames` sorted by name (a writer works it
    /// out once for all the files of a write, and a MERGE writes one per partition).
    static func json(rowCount: Int, columns: [ColumnStatistics], physicalNames: [String], order: [Int]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64 + order.count * 48)
        out.append(contentsOf: #"{"numRecords":"#.utf8)
        out.append(contentsOf: String(rowCount).utf8)
        func object(_ key: String, _ value: (ColumnStatistics) -> JSONValue?) {
            out.append(contentsOf: ",\"\(key)\":{".utf8)
            var first = true
            for i in order where columns.indices.contains(i) && physicalNames.indices.contains(i) {
                guard let v = value(columns[i]) else { continue }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                JSONValue.writeString(physicalNames[i], into: &out)
                out.append(UInt8(ascii: ":"))
                v.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        object("minValues") { $0.min.flatMap(encode) }
        object("maxValues") { $0.max.flatMap(encode) }
        object("nullCount") { .int(Int64($0.nullCount)) }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// A column's statistics as Columnar statistics of `type`; nil when the file has none for it.
    func columnStatistics(physicalName: String, type: DataType) -> ColumnStatistics? {
        guard let n = numRecords, let nulls = nullCount[physicalName] else { return nil }
        return ColumnStatistics(valueCount: Int(clamping: n), nullCount: Int(clamping: nulls),
                                min: Self.decode(minValues[physicalName], as: type, isMax: false),
                                max: Self.decode(maxValues[physicalName], as: type, isMax: true))
    }

    /// A written column's statistics as ``columnStatistics(physicalName:type:)`` reads them back from the
    /// ``json(rowCount:columns:physicalNames:order:)`` of its file: each bound goes through the same encoding, JSON
    /// text and decoding (long strings dropped, timestamps and floats as the text carries them), so what a writer
    /// knows in memory stands exactly for what parsing its statistics would give.
    static func asLogged(_ s: ColumnStatistics, rowCount: Int, type: DataType) -> ColumnStatistics {
        func reread(_ v: Value?, isMax: Bool) -> Value? {
            guard let j = v.flatMap(encode) else { return nil }
            var text: [UInt8] = []
            j.write(into: &text)
            return decode(try? JSONParser.parse(text), as: type, isMax: isMax)
        }
        return ColumnStatistics(valueCount: rowCount, nullCount: s.nullCount,
                                min: reread(s.min, isMax: false), max: reread(s.max, isMax: true))
    }

    /// Delta's JSON text.
    public var json: String {
        JSONValue.members([
            ("numRecords", numRecords.map(JSONValue.int)),
            ("minValues", .object(minValues.keys.sorted().compactMap { k in minValues[k].map { (k, $0) } })),
            ("maxValues", .object(maxValues.keys.sorted().compactMap { k in maxValues[k].map { (k, $0) } })),
            ("nullCount", .object(nullCount.keys.sorted().compactMap { k in nullCount[k].map { (k, .int($0)) } })),
        ]).serialized
    }

    /// Longer strings are not recorded, so statistics stay small (readers then assume any value).
    static let maxStringBound = 64

    static func encode(_ v: Value) -> JSONValue? {
        switch v {
        case .null, .binary: return nil
        case let .boolean(b): return .bool(b)
        case let .int32(i): return .int(Int64(i))
        case let .int64(i): return .int(i)
        case let .float32(f): return f.isFinite ? .double(Double(f)) : nil
        case let .float64(d): return d.isFinite ? .double(d) : nil
        case let .string(s): return s.utf8.count <= maxStringBound ? .string(s) : nil
        case let .date(d): return .string(DateCoding.formatDate(d))
        case let .timestamp(t): return .string(DateCoding.formatTimestamp(t, separator: "T", zulu: true))
        }
    }

    /// A statistic as a value of `type`; nil when absent or unreadable. Timestamp bounds written with
    /// millisecond precision by other engines are widened so they still bound the data.
    static func decode(_ j: JSONValue?, as type: DataType, isMax: Bool) -> Value? {
        guard let j else { return nil }
        switch type {
        case .boolean: return j.boolValue.map(Value.boolean)
        case .int32: return j.intValue.flatMap { Int32(exactly: $0) }.map(Value.int32)
        case .int64: return j.intValue.map(Value.int64)
        case .float32: return j.doubleValue.map { Value.float32(Float($0)) }
        case .float64: return j.doubleValue.map(Value.float64)
        case .string, .json: return j.stringValue.map(Value.string)
        case .binary: return nil
        case .date: return j.stringValue.flatMap(DateCoding.parseDate).map(Value.date)
        case .timestamp:
            guard let s = j.stringValue, let t = DateCoding.parseTimestamp(s) else { return nil }
            let fraction = s.split(separator: ".").last.map { $0.prefix { $0.isNumber }.count } ?? 0
            return .timestamp(isMax && s.contains(".") && fraction <= 3 ? t + 999 : t)
        }
    }
}
