/// Reads typed values out of a configuration object, recording a `ConfigProblem` for every missing, mistyped or
/// unknown key instead of stopping at the first, so a bad file is reported completely in one go.
struct ConfigReader {
    let path: String
    let object: JSONObject
    private(set) var used: Set<String> = []

    init(path: String, object: JSONObject) {
        self.path = path
        self.object = object
    }

    func key(_ k: String) -> String { path.isEmpty ? k : path + "." + k }

    mutating func raw(_ k: String) -> JSONValue? {
        used.insert(k)
        return object[k]
    }

    mutating func string(_ k: String, default d: String, _ problems: inout [ConfigProblem]) -> String {
        guard let v = raw(k) else { return d }
        guard case .string(let s) = v else { problems.append(.init(key(k), "expected a string, found a \(v.typeName)")); return d }
        return s
    }

    mutating func optionalString(_ k: String, _ problems: inout [ConfigProblem]) -> String? {
        guard let v = raw(k), !v.isNull else { return nil }
        guard case .string(let s) = v else { problems.append(.init(key(k), "expected a string, found a \(v.typeName)")); return nil }
        return s
    }

    mutating func int(_ k: String, default d: Int, range: ClosedRange<Int>, _ problems: inout [ConfigProblem]) -> Int {
        guard let v = raw(k) else { return d }
        guard case .int(let n) = v else { problems.append(.init(key(k), "expected an integer, found a \(v.typeName)")); return d }
        guard let i = Int(exactly: n), range.contains(i) else {
            problems.append(.init(key(k), "\(n) is out of range \(range.lowerBound)...\(range.upperBound)"))
            return d
        }
        return i
    }

    mutating func bool(_ k: String, default d: Bool, _ problems: inout [ConfigProblem]) -> Bool {
        guard let v = raw(k) else { return d }
        guard case .bool(let b) = v else { problems.append(.init(key(k), "expected true or false, found a \(v.typeName)")); return d }
        return b
    }

    mutating func strings(_ k: String, default d: [String], _ problems: inout [ConfigProblem]) -> [String] {
        guard let v = raw(k) else { return d }
        guard case .array(let items) = v else {
            problems.append(.init(key(k), "expected an array of strings, found a \(v.typeName)"))
            return d
        }
        var out: [String] = []
        for (n, item) in items.enumerated() {
            guard case .string(let s) = item else {
                problems.append(.init(key(k) + "[\(n)]", "expected a string, found a \(item.typeName)"))
                continue
            }
            out.append(s)
        }
        return out
    }

    mutating func table(_ k: String, _ problems: inout [ConfigProblem]) -> ConfigReader {
        guard let v = raw(k) else { return ConfigReader(path: key(k), object: JSONObject()) }
        guard case .object(let o) = v else {
            problems.append(.init(key(k), "expected a table, found a \(v.typeName)"))
            return ConfigReader(path: key(k), object: JSONObject())
        }
        return ConfigReader(path: key(k), object: o)
    }

    /// Reports every key of this table that was never read (typos, unsupported settings).
    func reportUnknown(_ problems: inout [ConfigProblem]) {
        for k in object.keys where !used.contains(k) {
            problems.append(.init(key(k), "unknown setting"))
        }
    }
}
