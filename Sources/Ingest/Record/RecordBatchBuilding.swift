import Columnar

extension FieldType {
    /// The Columnar type that stores values of this field type.
    public var dataType: DataType {
        switch self {
        case .bool: return .boolean
        case .int64: return .int64
        case .double: return .float64
        case .string: return .string
        case .json: return .json
        case .timestamp: return .timestamp
        case .date: return .date
        }
    }
}

extension FieldType {
    /// The field type whose values a column of `type` holds (nil for binary).
    public init?(storedAs type: DataType) {
        switch type {
        case .boolean: self = .bool
        case .int32, .int64: self = .int64
        case .float32, .float64: self = .double
        case .string: self = .string
        case .json: self = .json
        case .timestamp: self = .timestamp
        case .date: self = .date
        default: return nil
        }
    }
}

extension SchemaInference {
    /// The inferred schema as a Columnar schema (every column nullable, field ids from 1 in column order).
    public func columnarSchema() throws(ColumnarError) -> Schema {
        try FlatRecord.columnarSchema(columns)
    }

    /// `records` as one column batch of the inferred schema (values widened per `FieldValue.converted(to:)`).
    /// Infer over the same records first: a record with a column or type the inference has not seen fails.
    public func recordBatch(_ records: [FlatRecord]) throws(ColumnarError) -> RecordBatch {
        try recordBatch(records, nullType: { _ in nil })
    }

    /// As `recordBatch(_:)`, all-null columns typed by `nullType` (see `columns(nullType:)`).
    public func recordBatch(_ records: [FlatRecord], nullType: (String) -> FieldType?) throws(ColumnarError) -> RecordBatch {
        try FlatRecord.recordBatch(records, columns: columns(nullType: nullType))
    }
}

extension FlatRecord {
    /// A Columnar schema of `columns` (all nullable, field ids from 1 in order).
    public static func columnarSchema(_ columns: [(name: String, type: FieldType)]) throws(ColumnarError) -> Schema {
        try Schema(columns: columns.map { ($0.name, $0.type.dataType, true) })
    }

    /// `records` as one column batch with the given columns; missing values are null, values are widened to the
    /// column type, and a column not in `columns` or a value that does not fit is an error.
    public static func recordBatch(_ records: [FlatRecord], columns cols: [(name: String, type: FieldType)]) throws(ColumnarError) -> RecordBatch {
        let schema = try columnarSchema(cols)
        var position: [String: Int] = [:]
        for (i, c) in cols.enumerated() { position[c.name] = i }
        var builders = cols.map { ColumnBuilder(type: $0.type.dataType, capacity: records.count) }
        var row = [FieldValue](repeating: .null, count: cols.count)
        for record in records {
            for i in row.indices { row[i] = .null }
            for (name, value) in record.columns {
                guard let i = position[name] else { throw .unknownColumn(name: name) }
                row[i] = value
            }
            for i in cols.indices {
                guard let v = row[i].converted(to: cols[i].type) else {
                    throw .schemaMismatch(detail: "column \(cols[i].name): a \(row[i].columnType?.rawValue ?? "null") value does not fit \(cols[i].type.rawValue)")
                }
                try append(v, to: &builders[i])
            }
        }
        return try RecordBatch(schema: schema, columns: builders.map { $0.finish() }, rowCount: records.count)
    }

    static func append(_ v: FieldValue, to b: inout ColumnBuilder) throws(ColumnarError) {
        switch v {
        case .null: b.appendNull()
        case .bool(let x): try b.append(boolean: x)
        case .int64(let x): try b.append(int64: x)
        case .double(let x): try b.append(float64: x)
        case .string(let s), .json(let s): try b.append(string: s)
        case .timestamp(let t): try b.append(timestamp: t)
        case .date(let d): try b.append(date: d)
        }
    }
}
