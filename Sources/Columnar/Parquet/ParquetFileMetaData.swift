/// One column of one row group: its metadata (Parquet files always carry it inline).
package struct ParquetColumnChunk: Sendable, Equatable {
    package var filePath: String?
    package var metaData: ParquetColumnMetaData

    package init(metaData: ParquetColumnMetaData) { self.metaData = metaData }

    init(from r: inout ThriftCompactReader, _ t: ThriftType) throws(ParquetError) {
        var path: String?, meta: ParquetColumnMetaData?
        try r.readStruct(t) { r, id, t throws(ParquetError) in
            switch id {
            case 1: path = try r.readString(t)
            case 3:
                guard t == .structure else { throw r.malformed("meta_data is not a struct") }
                meta = try ParquetColumnMetaData(from: &r)
            default: try r.skip(t)
            }
        }
        guard let meta else { throw ParquetError.missingField(structure: "ColumnChunk", field: "meta_data") }
        self.init(metaData: meta)
        filePath = path
    }

    func write(to w: inout ThriftCompactWriter) {
        w.writeStruct { w in
            if let filePath { w.field(1, string: filePath) }
            w.field(2, i64: 0)
            w.field(3) { metaData.writeFields(to: &$0) }
        }
    }
}

/// A horizontal slice of the file: one chunk per leaf column.
package struct ParquetRowGroup: Sendable, Equatable {
    package var columns: [ParquetColumnChunk]
    package var totalByteSize: Int64
    package var numRows: Int64
    package var fileOffset: Int64?
    package var totalCompressedSize: Int64?
    package var ordinal: Int16?

    package init(columns: [ParquetColumnChunk], totalByteSize: Int64, numRows: Int64) {
        self.columns = columns
        self.totalByteSize = totalByteSize
        self.numRows = numRows
    }

    init(from r: inout ThriftCompactReader, _ t: ThriftType) throws(ParquetError) {
        var columns: [ParquetColumnChunk]?, total: Int64?, rows: Int64?
        var offset: Int64?, compressed: Int64?, ordinal: Int16?
        try r.readStruct(t) { r, id, t throws(ParquetError) in
            switch id {
            case 1: columns = try r.readList(t) { r, t throws(ParquetError) in try ParquetColumnChunk(from: &r, t) }
            case 2: total = try r.readI64(t)
            case 3: rows = try r.readI64(t)
            case 5: offset = try r.readI64(t)
            case 6: compressed = try r.readI64(t)
            case 7: ordinal = try r.readI16(t)
            default: try r.skip(t)
            }
        }
        guard let columns, let total, let rows else {
            throw ParquetError.missingField(structure: "RowGroup", field: "columns/total_byte_size/num_rows")
        }
        self.init(columns: columns, totalByteSize: total, numRows: rows)
        fileOffset = offset
        totalCompressedSize = compressed
        self.ordinal = ordinal
    }

    func write(to w: inout ThriftCompactWriter) {
        w.writeStruct { w in
            w.field(1, listOf: .structure, count: columns.count)
            for c in columns { c.write(to: &w) }
            w.field(2, i64: totalByteSize)
            w.field(3, i64: numRows)
            if let fileOffset { w.field(5, i64: fileOffset) }
            if let totalCompressedSize { w.field(6, i64: totalCompressedSize) }
            if let ordinal { w.field(7, i16: ordinal) }
        }
    }
}

/// The footer of a Parquet file.
package struct ParquetFileMetaData: Sendable, Equatable {
    package var version: Int32
    package var schema: [ParquetSchemaElement]
    package var numRows: Int64
    package var rowGroups: [ParquetRowGroup]
    package var keyValueMetadata: [ParquetKeyValue] = []
    package var createdBy: String?
    /// Whether min/max statistics follow each leaf's type order (true when the writer said so).
    package var hasTypeDefinedColumnOrders = false

    package init(version: Int32 = 1, schema: [ParquetSchemaElement], numRows: Int64, rowGroups: [ParquetRowGroup]) {
        self.version = version
        self.schema = schema
        self.numRows = numRows
        self.rowGroups = rowGroups
    }

    /// Decodes a footer.
    package init(decoding bytes: UnsafeRawBufferPointer) throws(ParquetError) {
        var r = ThriftCompactReader(bytes, structure: "FileMetaData")
        var version: Int32?, schema: [ParquetSchemaElement]?, rows: Int64?, groups: [ParquetRowGroup]?
        var kv: [ParquetKeyValue] = [], createdBy: String?, typeOrders = false
        try r.readStruct { r, id, t throws(ParquetError) in
            switch id {
            case 1: version = try r.readI32(t)
            case 2:
                schema = try r.readList(t) { r, t throws(ParquetError) in
                    guard t == .structure else { throw r.malformed("schema element is not a struct") }
                    return try ParquetSchemaElement(from: &r)
                }
            case 3: rows = try r.readI64(t)
            case 4: groups = try r.readList(t) { r, t throws(ParquetError) in try ParquetRowGroup(from: &r, t) }
            case 5: kv = try r.readList(t) { r, t throws(ParquetError) in try ParquetKeyValue(from: &r, t) }
            case 6: createdBy = try r.readString(t)
            case 7:
                let orders: [Bool] = try r.readList(t) { r, t throws(ParquetError) in
                    var typeOrder = false
                    try r.readStruct(t) { r, id, t throws(ParquetError) in
                        typeOrder = typeOrder || id == 1
                        try r.skip(t)
                    }
                    return typeOrder
                }
                typeOrders = !orders.isEmpty && orders.allSatisfy { $0 }
            default: try r.skip(t)
            }
        }
        guard let version, let schema, let rows, let groups else {
            throw ParquetError.missingField(structure: "FileMetaData", field: "version/schema/num_rows/row_groups")
        }
        self.init(version: version, schema: schema, numRows: rows, rowGroups: groups)
        keyValueMetadata = kv
        self.createdBy = createdBy
        hasTypeDefinedColumnOrders = typeOrders
    }

    /// Encodes the footer (without the length and magic that follow it in a file).
    package func encoded() -> [UInt8] {
        var w = ThriftCompactWriter()
        w.writeStruct { w in
            w.field(1, i32: version)
            w.field(2, listOf: .structure, count: schema.count)
            for e in schema { e.write(to: &w) }
            w.field(3, i64: numRows)
            w.field(4, listOf: .structure, count: rowGroups.count)
            for g in rowGroups { g.write(to: &w) }
            if !keyValueMetadata.isEmpty {
                w.field(5, listOf: .structure, count: keyValueMetadata.count)
                for kv in keyValueMetadata { kv.write(to: &w) }
            }
            if let createdBy { w.field(6, string: createdBy) }
            if hasTypeDefinedColumnOrders {
                let leaves = schema.filter { $0.numChildren == nil && $0.type != nil }.count
                w.field(7, listOf: .structure, count: leaves)
                for _ in 0..<leaves { w.writeStruct { w in w.field(1, structure: { _ in }) } }
            }
        }
        return w.bytes
    }
}
