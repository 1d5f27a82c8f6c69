/// A field of a nested Parquet schema for ``ParquetNestedWriter``: a primitive leaf, a group of fields, a
/// LIST or a MAP (string-like keys). Written with the standard three-level LIST and MAP layouts
/// (`list`/`element`, `key_value`/`key`/`value`), which Spark, Arrow and delta-rs read.
package struct ParquetNestedField: Sendable {
    package indirect enum Kind: Sendable {
        case primitive(DataType)
        case group([ParquetNestedField])
        case list(element: ParquetNestedField)
        case map(key: DataType, value: ParquetNestedField)
    }

    package var name: String
    package var kind: Kind
    package var nullable: Bool

    package init(_ name: String, _ kind: Kind, nullable: Bool = true) {
        self.name = name
        self.kind = kind
        self.nullable = nullable
    }

    package static func primitive(_ name: String, _ type: DataType, nullable: Bool = true) -> ParquetNestedField {
        ParquetNestedField(name, .primitive(type), nullable: nullable)
    }

    package static func group(_ name: String, _ fields: [ParquetNestedField], nullable: Bool = true) -> ParquetNestedField {
        ParquetNestedField(name, .group(fields), nullable: nullable)
    }

    /// A list whose elements are `element` (named `element`, nullable).
    package static func list(_ name: String, of element: DataType, nullable: Bool = true) -> ParquetNestedField {
        ParquetNestedField(name, .list(element: .primitive("element", element)), nullable: nullable)
    }

    /// A map from `key` to nullable values of `value`.
    package static func map(_ name: String, key: DataType = .string, value: DataType = .string,
                            nullable: Bool = true) -> ParquetNestedField {
        ParquetNestedField(name, .map(key: key, value: .primitive("value", value)), nullable: nullable)
    }
}

/// One value of a ``ParquetNestedField``, shaped like its field: a scalar for a primitive, one value per
/// field for a group, the items of a list, the entries of a map.
package indirect enum ParquetNestedValue: Sendable, Equatable {
    case null
    case scalar(Value)
    case group([ParquetNestedValue])
    case list([ParquetNestedValue])
    case map([ParquetNestedEntry])

    package static func string(_ s: String?) -> ParquetNestedValue { s.map { .scalar(.string($0)) } ?? .null }
    package static func int64(_ x: Int64?) -> ParquetNestedValue { x.map { .scalar(.int64($0)) } ?? .null }
    package static func int32(_ x: Int32?) -> ParquetNestedValue { x.map { .scalar(.int32($0)) } ?? .null }
    package static func boolean(_ b: Bool?) -> ParquetNestedValue { b.map { .scalar(.boolean($0)) } ?? .null }
}

/// One entry of a map value.
package struct ParquetNestedEntry: Sendable, Equatable {
    package var key: Value
    package var value: ParquetNestedValue

    package init(_ key: Value, _ value: ParquetNestedValue) {
        self.key = key
        self.value = value
    }
}
