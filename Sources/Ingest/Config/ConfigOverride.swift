/// One setting given outside the file: an environment variable or a command-line flag.
public struct ConfigOverride: Sendable, Equatable {
    public var key: ConfigKey
    public var value: String

    public init(_ key: ConfigKey, _ value: String) {
        self.key = key
        self.value = value
    }

    /// The overrides found in `environment` (variables named by `ConfigKey.environmentVariable`).
    public static func fromEnvironment(_ environment: [String: String]) -> [ConfigOverride] {
        ConfigKey.all.compactMap { key in environment[key.environmentVariable].map { ConfigOverride(key, $0) } }
    }

    /// Writes the value into the raw configuration tree at the key's path.
    func apply(to root: inout JSONObject, _ problems: inout [ConfigProblem]) {
        let parsed: JSONValue
        switch key.kind {
        case .string: parsed = .string(value)
        case .list: parsed = .array(value.split(separator: ",").map { .string(String($0).trimmingSpaces) })
        case .integer:
            guard let n = Int64(value.trimmingSpaces) else {
                problems.append(.init(key.path, "\(key.environmentVariable)/\(key.flag): \"\(value)\" is not an integer"))
                return
            }
            parsed = .int(n)
        }
        Self.set(&root, key.path.split(separator: ".").map(String.init)[...], parsed)
    }

    private static func set(_ o: inout JSONObject, _ path: ArraySlice<String>, _ v: JSONValue) {
        guard let first = path.first else { return }
        if path.count == 1 {
            o[first] = v
            return
        }
        var child = o[first]?.objectValue ?? JSONObject()
        set(&child, path.dropFirst(), v)
        o[first] = .object(child)
    }
}
