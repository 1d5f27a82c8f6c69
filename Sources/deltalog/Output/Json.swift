import Ingest

/// JSON for `--json` output: Ingest's value type, which keeps object members in the order given, so
/// output is stable and reads in a sensible order.
typealias Json = JSONValue

extension JSONValue {
    /// An object from members in order.
    static func members(_ m: [(String, JSONValue)]) -> JSONValue { .object(JSONObject(m)) }

    static func optional(_ v: Int64?) -> JSONValue { v.map(JSONValue.int) ?? .null }
    static func optional(_ v: String?) -> JSONValue { v.map(JSONValue.string) ?? .null }
    static func int(_ v: Int) -> JSONValue { .int(Int64(v)) }

    /// A string map with keys sorted.
    static func map(_ m: [String: String]) -> JSONValue {
        .object(JSONObject(m.keys.sorted().map { ($0, .string(m[$0] ?? "")) }))
    }

    /// Text that holds JSON, embedded as a value; text that does not parse stays a string.
    static func embedded(_ text: String) -> JSONValue {
        (try? JSONParser().parse(text)) ?? .string(text)
    }
}
