import Foundation

/// Spark's `StructType` JSON, the value of the `spark.sql.sources.schema` table property: compact, keys in
/// Spark's order, a column comment in `metadata.comment`.
public enum SparkSchemaJSON {
    /// The longest piece Spark stores in one table property (`spark.sql.sources.schemaStringLengthThreshold`).
    public static let partLength = 4000

    /// The schema of `columns` as Spark writes it.
    public static func encode(_ columns: [CatalogColumn]) -> String {
        var out = ""
        appendStruct(columns, to: &out)
        return out
    }

    /// The JSON of one column type: a quoted name for atomic types, an object for nested ones.
    public static func encodeType(_ type: ColumnType) -> String {
        var out = ""
        appendType(type, to: &out)
        return out
    }

    /// The columns of a Spark schema JSON string.
    public static func decode(_ json: String) throws(MetastoreError) -> [CatalogColumn] {
        let value = try parse(json)
        guard case let .struct(columns) = try type(from: value, source: json, depth: 0) else {
            throw .invalidType(String(json.prefix(80)), reason: "a table schema must be a struct")
        }
        return columns
    }

    /// One column type from its JSON text.
    public static func decodeType(_ json: String) throws(MetastoreError) -> ColumnType {
        try type(from: try parse(json), source: json, depth: 0)
    }

    /// `json` cut into consecutive pieces of `partLength` characters, the last one shorter — how Spark
    /// stores a schema that is too long for one property. Spark counts Java chars (UTF-16 units); so does
    /// this, except that it never cuts a surrogate pair in two (such a piece would not be valid UTF-8).
    public static func split(_ json: String) -> [String] {
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var units = 0
        for scalar in json.unicodeScalars {
            let width = scalar.utf16.count
            if units + width > partLength {
                parts.append(String(current))
                current = String.UnicodeScalarView()
                units = 0
            }
            current.append(scalar)
            units += width
        }
        if !current.isEmpty || parts.isEmpty { parts.append(String(current)) }
        return parts
    }

    // MARK: encoding

    private static func appendStruct(_ columns: [CatalogColumn], to out: inout String) {
        out += #"{"type":"struct","fields":["#
        for (i, c) in columns.enumerated() {
            if i > 0 { out += "," }
            out += #"{"name":"#
            appendString(c.name, to: &out)
            out += #","type":"#
            appendType(c.type, to: &out)
            out += #","nullable":"#
            out += c.nullable ? "true" : "false"
            out += #","metadata":{"#
            if let comment = c.comment {
                out += #""comment":"#
                appendString(comment, to: &out)
            }
            out += "}}"
        }
        out += "]}"
    }

    private static func appendType(_ type: ColumnType, to out: inout String) {
        switch type {
        case let .array(element, containsNull):
            out += #"{"type":"array","elementType":"#
            appendType(element, to: &out)
            out += #","containsNull":\#(containsNull)}"#
        case let .map(key, value, valueContainsNull):
            out += #"{"type":"map","keyType":"#
            appendType(key, to: &out)
            out += #","valueType":"#
            appendType(value, to: &out)
            out += #","valueContainsNull":\#(valueContainsNull)}"#
        case let .struct(fields):
            appendStruct(fields, to: &out)
        default:
            appendString(type.sparkAtomicName ?? "", to: &out)
        }
    }

    private static func appendString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    // MARK: decoding

    private static let maxDepth = 64

    private static func parse(_ json: String) throws(MetastoreError) -> Any {
        do {
            return try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
        } catch {
            throw .invalidType(String(json.prefix(80)), reason: "not valid JSON")
        }
    }

    private static func type(from value: Any, source: String, depth: Int) throws(MetastoreError) -> ColumnType {
        let shown = String(source.prefix(80))
        guard depth < maxDepth else { throw .invalidType(shown, reason: "types nested deeper than \(maxDepth)") }
        if let name = value as? String { return try atomic(name, source: shown) }
        guard let object = value as? [String: Any], let kind = object["type"] as? String else {
            throw .invalidType(shown, reason: "a type must be a name or an object with a \"type\" key")
        }
        switch kind {
        case "array":
            guard let element = object["elementType"] else { throw .invalidType(shown, reason: "array without elementType") }
            return .array(element: try type(from: element, source: source, depth: depth + 1),
                          containsNull: (object["containsNull"] as? Bool) ?? true)
        case "map":
            guard let key = object["keyType"], let value = object["valueType"] else {
                throw .invalidType(shown, reason: "map without keyType or valueType")
            }
            return .map(key: try type(from: key, source: source, depth: depth + 1),
                        value: try type(from: value, source: source, depth: depth + 1),
                        valueContainsNull: (object["valueContainsNull"] as? Bool) ?? true)
        case "struct":
            guard let fields = object["fields"] as? [Any] else { throw .invalidType(shown, reason: "struct without fields") }
            var columns: [CatalogColumn] = []
            columns.reserveCapacity(fields.count)
            for field in fields {
                guard let f = field as? [String: Any], let name = f["name"] as? String, let t = f["type"] else {
                    throw .invalidType(shown, reason: "a struct field needs a name and a type")
                }
                let metadata = f["metadata"] as? [String: Any]
                columns.append(CatalogColumn(name: name, type: try type(from: t, source: source, depth: depth + 1),
                                      nullable: (f["nullable"] as? Bool) ?? true,
                                      comment: metadata?["comment"] as? String))
            }
            return .struct(columns)
        default:
            throw .invalidType(shown, reason: "unknown nested type '\(kind)'")
        }
    }

    private static func atomic(_ name: String, source: String) throws(MetastoreError) -> ColumnType {
        switch name {
        case "boolean": return .boolean
        case "byte": return .byte
        case "short": return .short
        case "integer": return .int
        case "long": return .long
        case "float": return .float
        case "double": return .double
        case "string": return .string
        case "binary": return .binary
        case "date": return .date
        case "timestamp": return .timestamp
        case "decimal": return .decimal(precision: 10, scale: 0)
        default:
            // decimal(p,s) and char(n)/varchar(n) share Hive's syntax.
            if name.hasPrefix("decimal(") || name.hasPrefix("char(") || name.hasPrefix("varchar(") {
                return try ColumnType(hiveName: name)
            }
            throw .invalidType(source, reason: "unknown Spark type '\(name)'")
        }
    }
}
