/// One node of a Parquet schema, as listed depth-first in the footer.
package struct ParquetSchemaElement: Sendable, Equatable {
    package var type: ParquetPhysicalType?
    package var typeLength: Int32?
    package var repetition: ParquetRepetition?
    package var name: String
    package var numChildren: Int32?
    package var convertedType: ParquetConvertedType?
    package var scale: Int32?
    package var precision: Int32?
    package var fieldId: Int32?
    package var logicalType: ParquetLogicalType?

    package init(name: String, type: ParquetPhysicalType? = nil, repetition: ParquetRepetition? = nil) {
        self.name = name
        self.type = type
        self.repetition = repetition
    }

    init(from r: inout ThriftCompactReader) throws(ParquetError) {
        var e = ParquetSchemaElement(name: "")
        var sawName = false
        try r.readStruct { r, id, t throws(ParquetError) in
            switch id {
            case 1: e.type = ParquetPhysicalType(rawValue: try r.readI32(t))
            case 2: e.typeLength = try r.readI32(t)
            case 3: e.repetition = ParquetRepetition(rawValue: try r.readI32(t))
            case 4: e.name = try r.readString(t); sawName = true
            case 5: e.numChildren = try r.readI32(t)
            case 6: e.convertedType = ParquetConvertedType(rawValue: try r.readI32(t))
            case 7: e.scale = try r.readI32(t)
            case 8: e.precision = try r.readI32(t)
            case 9: e.fieldId = try r.readI32(t)
            case 10:
                guard t == .structure else { throw r.malformed("LogicalType is not a struct") }
                e.logicalType = try ParquetLogicalType(from: &r)
            default: try r.skip(t)
            }
        }
        guard sawName else { throw ParquetError.missingField(structure: "SchemaElement", field: "name") }
        self = e
    }

    func write(to w: inout ThriftCompactWriter) {
        w.writeStruct { w in
            if let type { w.field(1, i32: type.rawValue) }
            if let typeLength { w.field(2, i32: typeLength) }
            if let repetition { w.field(3, i32: repetition.rawValue) }
            w.field(4, string: name)
            if let numChildren { w.field(5, i32: numChildren) }
            if let convertedType { w.field(6, i32: convertedType.rawValue) }
            if let scale { w.field(7, i32: scale) }
            if let precision { w.field(8, i32: precision) }
            if let fieldId { w.field(9, i32: fieldId) }
            if let logicalType {
                w.field(10) { w in logicalType.writeMember(to: &w) }
            }
        }
    }
}
