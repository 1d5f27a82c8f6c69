/// Reads Parquet files into ``RecordBatch``es.
///
/// The footer is read and validated once at `init`; each read then fetches only the column chunks it needs.
/// Flat columns map to SwiftLake types (see `docs/PARQUET.md`); a top-level group, list or map becomes a
/// `json` column holding each row's value as JSON text.
///
/// ```swift
/// let reader = try ParquetFileReader(path: "/data/part-0.parquet")
/// let batch = try reader.read(columns: ["_id", "modified_on"])
/// ```
public struct ParquetFileReader: Sendable {
    /// The file's path (or a label for in-memory sources), for messages.
    public let path: String
    /// Where the bytes come from.
    let source: any RandomAccessSource
    /// The SwiftLake schema of the file's top-level fields.
    public let schema: Schema
    /// Rows in the file.
    public var rowCount: Int { Int(metadata.numRows) }
    /// Row groups in the file.
    public var rowGroupCount: Int { metadata.rowGroups.count }
    /// Whether page CRCs are checked when a writer stored them.
    public var verifyChecksums = true

    package let metadata: ParquetFileMetaData
    package let tree: ParquetSchemaTree
    /// Per top-level field: the leaves under it and, for flat fields, the read mapping.
    let fields: [FieldPlan]
    private let fileSize: Int

    struct FieldPlan: Sendable {
        var leaves: [Int]
        var mapping: ParquetReadMapping?
        var node: ParquetSchemaTree.Node
    }

    static let magic: [UInt8] = Array("PAR1".utf8)

    /// Opens `path` and reads its footer.
    public init(path: String) throws(ParquetError) {
        let file: FileSource
        do {
            file = try FileSource(path: path)
        } catch {
            throw .io(path: path, detail: "\(error)")
        }
        try self.init(source: file, label: path)
    }

    /// Reads the footer of a Parquet file held by `source`.
    public init(source: any RandomAccessSource, label: String = "<parquet>") throws(ParquetError) {
        let path = label
        let size = source.size
        guard size >= 12 else { throw .notParquet(detail: "\(path) has \(size) bytes") }
        let tail = try Self.read(source, path, offset: size - 8, count: 8)
        guard Array(tail[4..<8]) == Self.magic else { throw .notParquet(detail: "\(path) lacks the trailing PAR1 magic") }
        let footerLength = Int(UInt32(tail[0]) | UInt32(tail[1]) << 8 | UInt32(tail[2]) << 16 | UInt32(tail[3]) << 24)
        guard footerLength <= size - 12 else {
            throw .notParquet(detail: "footer of \(footerLength) bytes does not fit in \(size) bytes")
        }
        let head = try Self.read(source, path, offset: 0, count: 4)
        guard head == Self.magic else { throw .notParquet(detail: "\(path) lacks the leading PAR1 magic") }
        let footer = try Self.read(source, path, offset: size - 8 - footerLength, count: footerLength)
        let metadata = try footer.withRawBytes { raw throws(ParquetError) in try ParquetFileMetaData(decoding: raw) }
        try self.init(source: source, path: path, size: size, metadata: metadata)
    }

    /// A positioned read with the source's error reported as a Parquet I/O error.
    static func read(_ source: any RandomAccessSource, _ path: String, offset: Int, count: Int) throws(ParquetError) -> [UInt8] {
        do {
            return try source.read(at: offset, count: count)
        } catch {
            throw .io(path: path, detail: "\(error)")
        }
    }

    init(source: any RandomAccessSource, path: String, size: Int, metadata: ParquetFileMetaData) throws(ParquetError) {
        self.source = source
        self.path = path
        self.fileSize = size
        self.metadata = metadata
        let tree = try ParquetSchemaTree(metadata.schema)
        self.tree = tree
        guard metadata.numRows >= 0 else { throw .invalidMetadata("negative row count") }
        var rows: Int64 = 0
        for (g, group) in metadata.rowGroups.enumerated() {
            guard group.columns.count == tree.leaves.count else {
                throw .invalidMetadata("row group \(g) has \(group.columns.count) columns, schema has \(tree.leaves.count) leaves")
            }
            guard group.numRows >= 0, group.numRows <= Int64(ColumnChunkDecoder.maxValuesPerChunk) else {
                throw .invalidMetadata("row group \(g) has \(group.numRows) rows")
            }
            rows += group.numRows
        }
        guard rows == metadata.numRows else {
            throw .invalidMetadata("row groups hold \(rows) rows, footer says \(metadata.numRows)")
        }
        var plans: [FieldPlan] = []
        var fieldList: [Field] = []
        var usedIds = Set(tree.root.children.compactMap(\.element.fieldId))
        var nextId: Int32 = 1
        for (i, node) in tree.root.children.enumerated() {
            let leaves = tree.leaves.indices.filter { tree.leaves[$0].topLevel == i }
            var mapping: ParquetReadMapping?
            let type: DataType
            if node.isLeaf && node.maxRepetitionLevel == 0, let leaf = leaves.first {
                let m = try ParquetReadMapping(leaf: tree.leaves[leaf])
                mapping = m
                type = m.type
            } else {
                type = .json
            }
            plans.append(FieldPlan(leaves: leaves, mapping: mapping, node: node))
            var id: Int32
            if let fid = node.element.fieldId {
                id = fid
            } else {
                while usedIds.contains(nextId) { nextId += 1 }
                id = nextId
                usedIds.insert(id)
            }
            fieldList.append(Field(name: node.element.name, id: id, type: type,
                                   nullable: node.element.repetition != .required))
        }
        do {
            schema = try Schema(fieldList)
        } catch {
            throw .invalidMetadata("schema: \(error)")
        }
        fields = plans
    }

    /// Reads every row of the file (all row groups), optionally only the named columns.
    public func read(columns names: [String]? = nil) throws(ParquetError) -> RecordBatch {
        let indices = try columnIndices(names)
        var batches: [RecordBatch] = []
        for g in 0..<rowGroupCount { batches.append(try readRowGroup(g, fieldIndices: indices)) }
        let projected = try projectedSchema(indices)
        if batches.count == 1, let only = batches.first { return only }
        if batches.isEmpty { return RecordBatch.empty(projected) }
        do {
            return try RecordBatch.concatenate(batches, schema: projected)
        } catch {
            throw .schemaMismatch("\(error)")
        }
    }

    /// Reads row group `index`, optionally only the named columns.
    public func readRowGroup(_ index: Int, columns names: [String]? = nil) throws(ParquetError) -> RecordBatch {
        try readRowGroup(index, fieldIndices: try columnIndices(names))
    }

    /// The rows of row group `index` start at this row of the file.
    public func firstRow(ofRowGroup index: Int) -> Int {
        metadata.rowGroups.prefix(index).reduce(0) { $0 + Int($1.numRows) }
    }

    /// Rows in row group `index`.
    public func rowCount(ofRowGroup index: Int) -> Int { Int(metadata.rowGroups[index].numRows) }

    private func columnIndices(_ names: [String]?) throws(ParquetError) -> [Int] {
        guard let names else { return Array(schema.fields.indices) }
        var out: [Int] = []
        for n in names {
            guard let i = schema.index(of: n) else { throw .schemaMismatch("no column named '\(n)'") }
            out.append(i)
        }
        return out
    }

    private func projectedSchema(_ indices: [Int]) throws(ParquetError) -> Schema {
        do {
            return try schema.project(indices)
        } catch {
            throw .schemaMismatch("\(error)")
        }
    }

    func readRowGroup(_ index: Int, fieldIndices: [Int]) throws(ParquetError) -> RecordBatch {
        guard metadata.rowGroups.indices.contains(index) else {
            throw .schemaMismatch("row group \(index) of \(rowGroupCount)")
        }
        let group = metadata.rowGroups[index]
        let rows = Int(group.numRows)
        var columns: [Column] = []
        for f in fieldIndices {
            let plan = fields[f]
            if let mapping = plan.mapping, let leaf = plan.leaves.first {
                let decoded = try decodeChunk(group: group, leaf: leaf, rows: rows, nested: false)
                columns.append(try mapping.column(from: decoded.values))
            } else {
                var decoded: [Int: ColumnChunkDecoder.Output] = [:]
                for leaf in plan.leaves { decoded[leaf] = try decodeChunk(group: group, leaf: leaf, rows: rows, nested: true) }
                columns.append(try NestedJSONAssembler(tree: tree, node: plan.node, decoded: decoded, rows: rows).column())
            }
        }
        do {
            return try RecordBatch(schema: try projectedSchema(fieldIndices), columns: columns, rowCount: rows)
        } catch let e as ParquetError {
            throw e
        } catch {
            throw .schemaMismatch("\(error)")
        }
    }

    func decodeChunk(group: ParquetRowGroup, leaf: Int, rows: Int, nested: Bool) throws(ParquetError) -> ColumnChunkDecoder.Output {
        let meta = group.columns[leaf].metaData
        var decoder = ColumnChunkDecoder(leaf: tree.leaves[leaf], meta: meta, rows: rows, nested: nested)
        decoder.verifyChecksums = verifyChecksums
        if meta.numValues == 0 {
            return try decoder.decode(UnsafeRawBufferPointer(start: nil, count: 0), fileOffset: 0)
        }
        let start = Self.chunkStart(meta)
        let length = meta.totalCompressedSize
        guard start >= 4, length >= 0, start <= Int64(fileSize), length <= Int64(fileSize) - start else {
            throw .invalidMetadata("column \(tree.leaves[leaf].dottedPath): chunk at \(start)+\(length) outside the file")
        }
        let bytes = try Self.read(source, path, offset: Int(start), count: Int(length))
        return try bytes.withRawBytes { raw throws(ParquetError) in try decoder.decode(raw, fileOffset: Int(start)) }
    }

    /// Where a chunk's first page is: its dictionary page when it has one. Some writers store a zero or
    /// bogus dictionary offset, so only an offset before the first data page counts.
    static func chunkStart(_ meta: ParquetColumnMetaData) -> Int64 {
        if let d = meta.dictionaryPageOffset, d > 0, d < meta.dataPageOffset { return d }
        return meta.dataPageOffset
    }
}
