/// An ordered list of fields with unique names and unique field ids.
public struct Schema: Sendable, Hashable, CustomStringConvertible {
    public let fields: [Field]
    private let indexByName: [String: Int]

    /// Creates a schema; throws if two fields share a name or an id.
    public init(_ fields: [Field]) throws(ColumnarError) {
        var byName = [String: Int](minimumCapacity: fields.count)
        var ids = Set<Int32>(minimumCapacity: fields.count)
        for (i, f) in fields.enumerated() {
            guard byName.updateValue(i, forKey: f.name) == nil else { throw .duplicateField(name: f.name) }
            guard ids.insert(f.id).inserted else { throw .duplicateFieldID(id: f.id) }
        }
        self.fields = fields
        self.indexByName = byName
    }

    /// Creates a schema from `(name, type, nullable)` triples, numbering field ids from 1 in order.
    public init(columns: [(String, DataType, Bool)]) throws(ColumnarError) {
        try self.init(columns.enumerated().map { i, c in Field(name: c.0, id: Int32(i + 1), type: c.1, nullable: c.2) })
    }

    public var count: Int { fields.count }

    /// The position of the field called `name`, if any.
    public func index(of name: String) -> Int? { indexByName[name] }

    /// The position of the field with id `id`, if any.
    public func index(ofFieldID id: Int32) -> Int? { fields.firstIndex { $0.id == id } }

    /// The field called `name`, if any.
    public func field(named name: String) -> Field? { indexByName[name].map { fields[$0] } }

    /// The schema of the given field positions, in that order.
    public func project(_ indices: [Int]) throws(ColumnarError) -> Schema {
        // Every field in order (a scan of all columns): this schema, without building another.
        if indices.count == fields.count && indices.enumerated().allSatisfy({ $0.offset == $0.element }) { return self }
        var out: [Field] = []
        out.reserveCapacity(indices.count)
        for i in indices {
            guard fields.indices.contains(i) else { throw .columnIndexOutOfRange(index: i, count: fields.count) }
            out.append(fields[i])
        }
        return try Schema(out)
    }

    public static func == (a: Schema, b: Schema) -> Bool { a.fields == b.fields }
    public func hash(into h: inout Hasher) { h.combine(fields) }

    public var description: String { "(" + fields.map(\.description).joined(separator: ", ") + ")" }
}
