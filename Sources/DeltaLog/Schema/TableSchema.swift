import Columnar

/// A table's columns, parsed from and printed to Delta's `schemaString` (a JSON `struct` type).
/// With column mapping (SwiftLake tables use mode `name` with ids) each field carries
/// `delta.columnMapping.id` and `delta.columnMapping.physicalName`; data files name columns by id, so
/// renaming or dropping a column only changes the metadata. Without column mapping (tables written by other
/// engines) ids are positions and physical names equal logical names.
public struct TableSchema: Sendable, Hashable {
    public private(set) var columns: [TableColumn]
    /// The largest id ever assigned; new columns get larger ids even after drops.
    public private(set) var maxColumnId: Int32
    public let columnMapping: Bool

    public init(columns: [TableColumn], maxColumnId: Int32? = nil, columnMapping: Bool = true) throws(DeltaLogError) {
        var names = Set<String>(), ids = Set<Int32>()
        for c in columns {
            guard names.insert(c.name).inserted else { throw .invalidSchema(detail: "duplicate column '\(c.name)'") }
            guard ids.insert(c.id).inserted else { throw .invalidSchema(detail: "duplicate column id \(c.id)") }
        }
        self.columns = columns
        self.maxColumnId = max(maxColumnId ?? 0, columns.map(\.id).max() ?? 0)
        self.columnMapping = columnMapping
    }

    /// A new table's schema from a Columnar schema. With column mapping, ids are kept when unique and
    /// positive, else renumbered; without it, ids are positions and physical names are the names.
    public init(_ schema: Schema, columnMapping: Bool = true) throws(DeltaLogError) {
        let ids = schema.fields.map(\.id)
        let keep = columnMapping && Set(ids).count == ids.count && ids.allSatisfy { $0 > 0 }
        try self.init(columns: schema.fields.enumerated().map { i, f in
            TableColumn(name: f.name, id: keep ? f.id : Int32(i + 1), type: f.type, nullable: f.nullable,
                        physicalName: columnMapping ? nil : f.name)
        }, columnMapping: columnMapping)
    }

    /// Parses `metadata.schemaString` under the table's column-mapping mode.
    public init(metadata: Metadata) throws(DeltaLogError) {
        let mode = metadata.configuration["delta.columnMapping.mode"] ?? "none"
        let mapped = mode == "id" || mode == "name"
        let json: JSONValue
        do { json = try JSONParser.parse(metadata.schemaString) } catch { throw .invalidSchema(detail: error.description) }
        guard json["type"]?.stringValue == "struct", let fields = json["fields"]?.arrayValue else {
            throw .invalidSchema(detail: "schemaString is not a struct type")
        }
        var cols: [TableColumn] = []
        for (i, f) in fields.enumerated() {
            guard let name = f["name"]?.stringValue else { throw .invalidSchema(detail: "field \(i) has no name") }
            guard let typeName = f["type"]?.stringValue, let type = TableColumn.dataType(deltaName: typeName) else {
                throw .invalidSchema(detail: "column '\(name)' has a type SwiftLake does not support: \(f["type"]?.serialized ?? "none")")
            }
            var meta: [String: String] = [:]
            for (k, v) in f["metadata"]?.objectValue ?? [] { meta[k] = v.stringValue ?? v.serialized }
            var col = TableColumn(name: name, id: Int32(i + 1), type: type, nullable: f["nullable"]?.boolValue ?? true,
                                  physicalName: name)
            if mapped {
                guard let idText = meta.removeValue(forKey: TableColumn.idKey), let id = Int32(idText), id > 0,
                      let physical = meta.removeValue(forKey: TableColumn.physicalNameKey) else {
                    throw .invalidSchema(detail: "column '\(name)' lacks column-mapping id or physical name")
                }
                col.id = id
                col.physicalName = physical
            }
            if meta.removeValue(forKey: TableColumn.jsonKey) == "true" && type == .string { col.type = .json }
            col.extraMetadata = meta
            cols.append(col)
        }
        let maxId = metadata.configuration["delta.columnMapping.maxColumnId"].flatMap { Int32($0) }
        try self.init(columns: cols, maxColumnId: maxId, columnMapping: mapped)
    }

    /// Delta's JSON schema text.
    public var schemaString: String {
        JSONValue.object([
            ("type", .string("struct")),
            ("fields", .array(columns.map { c in
                var meta: [(String, JSONValue)] = []
                if columnMapping {
                    meta.append((TableColumn.idKey, .int(Int64(c.id))))
                    meta.append((TableColumn.physicalNameKey, .string(c.physicalName)))
                }
                if c.type == .json { meta.append((TableColumn.jsonKey, .string("true"))) }
                for k in c.extraMetadata.keys.sorted() {
                    let v = c.extraMetadata[k] ?? ""
                    meta.append((k, (try? JSONParser.parse(v)) ?? .string(v)))
                }
                return .object([
                    ("name", .string(c.name)), ("type", .string(TableColumn.deltaTypeName(c.type))),
                    ("nullable", .bool(c.nullable)), ("metadata", .object(meta)),
                ])
            })),
        ]).serialized
    }

    /// The configuration entries column mapping needs, to merge into the table's configuration.
    var columnMappingConfiguration: [String: String] {
        columnMapping ? ["delta.columnMapping.mode": "name", "delta.columnMapping.maxColumnId": String(maxColumnId)] : [:]
    }

    /// The logical schema as a Columnar schema (logical names, stable ids).
    public func logicalSchema() throws(DeltaLogError) -> Schema {
        do { return try Schema(columns.map(\.field)) } catch { throw .columnar(error) }
    }

    /// The schema data files use: physical names and the same ids.
    public func physicalSchema() throws(DeltaLogError) -> Schema {
        do {
            return try Schema(columns.map { Field(name: $0.physicalName, id: $0.id, type: $0.type, nullable: $0.nullable) })
        } catch { throw .columnar(error) }
    }

    public func column(named name: String) -> TableColumn? { columns.first { $0.name == name } }

    /// The key of a partition column in `add.partitionValues`: with column mapping the protocol keys
    /// partition values by physical name, so renaming a partition column touches no file action.
    public func partitionKey(_ name: String) -> String {
        guard columnMapping, let c = column(named: name) else { return name }
        return c.physicalName
    }
    public func column(id: Int32) -> TableColumn? { columns.first { $0.id == id } }

    /// Appends a column with the next id.
    public mutating func addColumn(name: String, type: DataType, nullable: Bool = true) throws(DeltaLogError) {
        guard column(named: name) == nil else { throw .invalidSchema(detail: "column '\(name)' already exists") }
        maxColumnId += 1
        columns.append(TableColumn(name: name, id: maxColumnId, type: type, nullable: nullable,
                                   physicalName: columnMapping ? nil : name))
    }

    /// Renames a column; only the metadata changes (needs column mapping).
    public mutating func renameColumn(_ old: String, to new: String) throws(DeltaLogError) {
        guard columnMapping else { throw .invalidSchema(detail: "renaming needs column mapping") }
        guard let i = columns.firstIndex(where: { $0.name == old }) else { throw .unknownColumn(old) }
        guard column(named: new) == nil else { throw .invalidSchema(detail: "column '\(new)' already exists") }
        columns[i].name = new
    }

    /// Drops a column; only the metadata changes (needs column mapping). Its id is never reused.
    public mutating func dropColumn(_ name: String) throws(DeltaLogError) {
        guard columnMapping else { throw .invalidSchema(detail: "dropping a column needs column mapping") }
        guard let i = columns.firstIndex(where: { $0.name == name }) else { throw .unknownColumn(name) }
        columns.remove(at: i)
    }

    /// Changes a column's type to a wider one, recording the change as Delta's type-widening metadata.
    mutating func widen(_ name: String, to type: DataType) {
        guard let i = columns.firstIndex(where: { $0.name == name }) else { return }
        let from = TableColumn.deltaTypeName(columns[i].type), to = TableColumn.deltaTypeName(type)
        if from != to {
            var changes = (try? JSONParser.parse(columns[i].extraMetadata[TableColumn.typeChangesKey] ?? "[]"))?.arrayValue ?? []
            changes.append(.object([("fromType", .string(from)), ("toType", .string(to))]))
            columns[i].extraMetadata[TableColumn.typeChangesKey] = JSONValue.array(changes).serialized
        }
        columns[i].type = type
    }
}
