/// A column type as the catalog records it: the types Hive 2.3 and Spark both name.
///
/// Two spellings exist for each: Hive's (`bigint`, `array<int>`, stored in `COLUMNS_V2.TYPE_NAME` and
/// `PARTITION_KEYS.PKEY_TYPE`) and Spark's (`long`, nested JSON objects, stored in the
/// `spark.sql.sources.schema` table property). `hiveName` and `SparkSchemaJSON` produce them;
/// `init(hiveName:)` parses the Hive form back.
public indirect enum ColumnType: Sendable, Hashable {
    case boolean
    case byte
    case short
    case int
    case long
    case float
    case double
    case decimal(precision: Int, scale: Int)
    case string
    case binary
    case date
    case timestamp
    case array(element: ColumnType, containsNull: Bool)
    case map(key: ColumnType, value: ColumnType, valueContainsNull: Bool)
    case `struct`([CatalogColumn])

    /// Hive's spelling, without spaces (`decimal(10,2)`, `map<string,array<int>>`, `struct<x:int,y:string>`).
    public var hiveName: String {
        switch self {
        case .boolean: return "boolean"
        case .byte: return "tinyint"
        case .short: return "smallint"
        case .int: return "int"
        case .long: return "bigint"
        case .float: return "float"
        case .double: return "double"
        case let .decimal(p, s): return "decimal(\(p),\(s))"
        case .string: return "string"
        case .binary: return "binary"
        case .date: return "date"
        case .timestamp: return "timestamp"
        case let .array(element, _): return "array<\(element.hiveName)>"
        case let .map(key, value, _): return "map<\(key.hiveName),\(value.hiveName)>"
        case let .struct(fields): return "struct<" + fields.map { "\($0.name):\($0.type.hiveName)" }.joined(separator: ",") + ">"
        }
    }

    /// Spark's name for an atomic type (`long`, `integer`, …); nil for nested types, which Spark writes as
    /// JSON objects.
    public var sparkAtomicName: String? {
        switch self {
        case .boolean: return "boolean"
        case .byte: return "byte"
        case .short: return "short"
        case .int: return "integer"
        case .long: return "long"
        case .float: return "float"
        case .double: return "double"
        case let .decimal(p, s): return "decimal(\(p),\(s))"
        case .string: return "string"
        case .binary: return "binary"
        case .date: return "date"
        case .timestamp: return "timestamp"
        case .array, .map, .struct: return nil
        }
    }

    /// Whether a column of type `self` can hold every value of `older` without loss — the widenings
    /// schema evolution may apply to a stored column (Delta's type widening plus decimal growth).
    public func widens(_ older: ColumnType) -> Bool {
        if self == older { return true }
        switch (older, self) {
        case (.byte, .short), (.byte, .int), (.byte, .long), (.short, .int), (.short, .long), (.int, .long),
             (.float, .double), (.byte, .double), (.short, .double), (.int, .double), (.date, .timestamp):
            return true
        case let (.decimal(p0, s0), .decimal(p1, s1)):
            return s1 >= s0 && p1 - s1 >= p0 - s0
        default:
            return false
        }
    }

    /// The largest decimal precision Hive and Spark accept.
    public static let maxDecimalPrecision = 38

    static func decimal(_ p: Int, _ s: Int, source: String) throws(MetastoreError) -> ColumnType {
        guard (1...maxDecimalPrecision).contains(p), (0...p).contains(s) else {
            throw .invalidType(source, reason: "decimal precision must be 1…38 and scale 0…precision")
        }
        return .decimal(precision: p, scale: s)
    }
}
