import Columnar

extension ColumnType {
    /// The catalog type of a Columnar logical type. `json` is text to every other tool, so it is `string`;
    /// the rest map one to one (`int32` → Hive `int` / Spark `integer`, `int64` → `bigint` / `long`, …).
    public init(_ type: DataType) {
        switch type {
        case .boolean: self = .boolean
        case .int32: self = .int
        case .int64: self = .long
        case .float32: self = .float
        case .float64: self = .double
        case .string, .json: self = .string
        case .binary: self = .binary
        case .date: self = .date
        case .timestamp: self = .timestamp
        }
    }

    /// The Columnar type that holds every value of this catalog type: `tinyint`/`smallint` widen to
    /// `int32`. Nil for decimals and nested types, which Columnar does not model.
    public var columnarType: DataType? {
        switch self {
        case .boolean: return .boolean
        case .byte, .short, .int: return .int32
        case .long: return .int64
        case .float: return .float32
        case .double: return .float64
        case .string: return .string
        case .binary: return .binary
        case .date: return .date
        case .timestamp: return .timestamp
        case .decimal, .array, .map, .struct: return nil
        }
    }
}

extension CatalogColumn {
    /// The catalog column of a Columnar field (its name, type and nullability).
    public init(_ field: Field) {
        self.init(name: field.name, type: ColumnType(field.type), nullable: field.nullable)
    }
}

extension Array where Element == CatalogColumn {
    /// The catalog columns of a Columnar schema, in order.
    public init(_ schema: Schema) {
        self = schema.fields.map(CatalogColumn.init)
    }
}
