/// Infers one column type per column over a set of records, widening on conflicts.
///
/// Columns keep the order in which they were first seen. A column that only ever holds null has no type yet
/// (`types[name] == nil`); the table writer decides (string by default) or keeps the table's existing type.
public struct SchemaInference: Sendable, Equatable {
    public private(set) var order: [String] = []
    public private(set) var types: [String: FieldType] = [:]
    private var seen: Set<String> = []

    public init() {}

    /// Adds every column of `record`.
    public mutating func add(_ record: FlatRecord) {
        for (name, value) in record.columns {
            if seen.insert(name).inserted { order.append(name) }
            guard let t = value.columnType else { continue }
            if let existing = types[name] {
                types[name] = existing.widened(with: t)
            } else {
                types[name] = t
            }
        }
    }

    /// The schema as ordered (name, type) pairs; all-null columns are `string`.
    public var columns: [(name: String, type: FieldType)] { columns(nullType: { _ in nil }) }

    /// The schema with the type of each all-null column taken from `nullType` (the table's type of the column,
    /// so a batch in which a column happens to be null never widens the table's column to string), else string.
    public func columns(nullType: (String) -> FieldType?) -> [(name: String, type: FieldType)] {
        order.map { ($0, types[$0] ?? nullType($0) ?? .string) }
    }

    /// `record`'s values converted to the inferred column types, in schema order (missing columns are null).
    public func conform(_ record: FlatRecord) -> [FieldValue] {
        columns.map { column in
            let v = record[column.name] ?? .null
            return v.converted(to: column.type) ?? .null
        }
    }
}
