/// Turns rows of nested values into Parquet leaf columns (Dremel shredding): for each leaf, one
/// (repetition level, definition level) pair per entry and the PLAIN bytes of the defined values.
///
/// Values arrive as ``ParquetNestedValue`` trees. That boxes every value, which is fine for what it is used for
/// — Delta checkpoints, a few actions per data file — and keeps the level logic in one readable place.
struct NestedShredder {
    /// A node of the schema with what shredding needs: its leaves and the levels it adds.
    struct Node {
        var field: ParquetNestedField
        var children: [Node]
        var leaf: Int?
        var leaves: Range<Int>
        /// For a LIST or MAP: the repetition level of its repeated group.
        var repeatedLevel: Int
    }

    struct Leaf {
        var path: [String]
        var type: DataType
        var maxDefinitionLevel: Int
        var maxRepetitionLevel: Int
    }

    /// One leaf's shredded entries since the last row group.
    struct Buffer {
        var repetition: [UInt8] = []
        var definition: [UInt8] = []
        var plain: [UInt8] = []
        var booleans: [Bool] = []
        var entries = 0
    }

    let roots: [Node]
    let leaves: [Leaf]
    /// The schema as the footer lists it, depth-first, root first.
    let elements: [ParquetSchemaElement]
    var buffers: [Buffer]

    init(fields: [ParquetNestedField]) throws(ParquetError) {
        var leaves: [Leaf] = []
        var elements: [ParquetSchemaElement] = []
        var root = ParquetSchemaElement(name: "schema")
        root.numChildren = Int32(fields.count)
        elements.append(root)
        var roots: [Node] = []
        for f in fields {
            roots.append(try Self.plan(f, path: [], def: 0, rep: 0, leaves: &leaves, elements: &elements))
        }
        self.roots = roots
        self.leaves = leaves
        self.elements = elements
        buffers = leaves.map { _ in Buffer() }
    }

    private static func plan(_ f: ParquetNestedField, path: [String], def: Int, rep: Int, leaves: inout [Leaf],
                             elements: inout [ParquetSchemaElement]) throws(ParquetError) -> Node {
        guard path.count < ParquetSchemaTree.maxDepth else { throw .schemaMismatch("nested schema deeper than \(ParquetSchemaTree.maxDepth)") }
        let path = path + [f.name]
        let def = def + (f.nullable ? 1 : 0)
        let repetition: ParquetRepetition = f.nullable ? .optional : .required
        let first = leaves.count
        switch f.kind {
        case let .primitive(type):
            var e = ParquetWriteMapping.element(for: Field(name: f.name, id: 0, type: type, nullable: f.nullable))
            e.fieldId = nil
            elements.append(e)
            leaves.append(Leaf(path: path, type: type, maxDefinitionLevel: def, maxRepetitionLevel: rep))
            return Node(field: f, children: [], leaf: first, leaves: first..<first + 1, repeatedLevel: rep)
        case let .group(fields):
            var e = ParquetSchemaElement(name: f.name, repetition: repetition)
            e.numChildren = Int32(fields.count)
            elements.append(e)
            var children: [Node] = []
            for c in fields { children.append(try plan(c, path: path, def: def, rep: rep, leaves: &leaves, elements: &elements)) }
            return Node(field: f, children: children, leaf: nil, leaves: first..<leaves.count, repeatedLevel: rep)
        case let .list(element):
            elements += wrapper(f.name, repetition, .list, .list, repeated: "list", children: 1)
            let child = try plan(element, path: path + ["list"], def: def + 1, rep: rep + 1, leaves: &leaves, elements: &elements)
            return Node(field: f, children: [child], leaf: nil, leaves: first..<leaves.count, repeatedLevel: rep + 1)
        case let .map(keyType, value):
            elements += wrapper(f.name, repetition, .map, .map, repeated: "key_value", children: 2)
            let inner = path + ["key_value"]
            let key = try plan(.primitive("key", keyType, nullable: false), path: inner, def: def + 1, rep: rep + 1,
                               leaves: &leaves, elements: &elements)
            let val = try plan(value, path: inner, def: def + 1, rep: rep + 1, leaves: &leaves, elements: &elements)
            return Node(field: f, children: [key, val], leaf: nil, leaves: first..<leaves.count, repeatedLevel: rep + 1)
        }
    }

    /// The two schema elements of a LIST or MAP: the annotated group and the repeated group inside it.
    private static func wrapper(_ name: String, _ repetition: ParquetRepetition, _ logical: ParquetLogicalType,
                                _ converted: ParquetConvertedType, repeated: String, children: Int32) -> [ParquetSchemaElement] {
        var outer = ParquetSchemaElement(name: name, repetition: repetition)
        outer.numChildren = 1
        outer.logicalType = logical
        outer.convertedType = converted
        var inner = ParquetSchemaElement(name: repeated, repetition: .repeated)
        inner.numChildren = children
        return [outer, inner]
    }

    /// Shreds one row: one value per top-level field.
    mutating func append(row: [ParquetNestedValue]) throws(ParquetError) {
        guard row.count == roots.count else { throw .schemaMismatch("row has \(row.count) values for \(roots.count) fields") }
        for (i, v) in row.enumerated() { try shred(v, roots[i], rep: 0, def: 0) }
    }

    /// Appends `v` for node `n`; `rep` is the repetition level of its first entry, `def` the definition level
    /// of its parent.
    private mutating func shred(_ v: ParquetNestedValue, _ n: Node, rep: Int, def: Int) throws(ParquetError) {
        if case .null = v {
            guard n.field.nullable else { throw .schemaMismatch("null for required field \(n.field.name)") }
            for l in n.leaves { level(l, rep: rep, def: def) }
            return
        }
        let d = def + (n.field.nullable ? 1 : 0)
        switch (n.field.kind, v) {
        case let (.primitive(type), .scalar(x)):
            guard let l = n.leaf else { return }
            level(l, rep: rep, def: d)
            try value(x, type: type, into: l)
        case let (.group, .group(values)):
            guard values.count == n.children.count else {
                throw .schemaMismatch("group \(n.field.name) has \(n.children.count) fields, value has \(values.count)")
            }
            for (c, cv) in zip(n.children, values) { try shred(cv, c, rep: rep, def: d) }
        case let (.list, .list(items)):
            guard let element = n.children.first else { return }
            if items.isEmpty { for l in n.leaves { level(l, rep: rep, def: d) } }
            for (k, item) in items.enumerated() { try shred(item, element, rep: k == 0 ? rep : n.repeatedLevel, def: d + 1) }
        case let (.map, .map(entries)):
            guard n.children.count == 2 else { return }
            if entries.isEmpty { for l in n.leaves { level(l, rep: rep, def: d) } }
            for (k, entry) in entries.enumerated() {
                let r = k == 0 ? rep : n.repeatedLevel
                try shred(.scalar(entry.key), n.children[0], rep: r, def: d + 1)
                try shred(entry.value, n.children[1], rep: r, def: d + 1)
            }
        default:
            throw .schemaMismatch("value \(v) does not fit field \(n.field.name)")
        }
    }

    private mutating func level(_ l: Int, rep: Int, def: Int) {
        buffers[l].entries += 1
        if leaves[l].maxRepetitionLevel > 0 { buffers[l].repetition.append(UInt8(rep)) }
        if leaves[l].maxDefinitionLevel > 0 { buffers[l].definition.append(UInt8(def)) }
    }

    private mutating func value(_ x: Value, type: DataType, into l: Int) throws(ParquetError) {
        func le<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { buffers[l].plain.append(contentsOf: $0) } }
        func bytes(_ b: some Collection<UInt8>) {
            le(UInt32(b.count))
            buffers[l].plain.append(contentsOf: b)
        }
        switch (type, x) {
        case let (.boolean, .boolean(b)): buffers[l].booleans.append(b)
        case let (.int32, .int32(v)), let (.date, .date(v)): le(v)
        case let (.int64, .int64(v)), let (.timestamp, .timestamp(v)): le(v)
        case let (.float32, .float32(v)): le(v.bitPattern)
        case let (.float64, .float64(v)): le(v.bitPattern)
        case let (.string, .string(s)), let (.json, .string(s)): bytes(s.utf8)
        case let (.binary, .binary(b)): bytes(b)
        default: throw .schemaMismatch("\(x) is not a \(type) (leaf \(leaves[l].path.joined(separator: ".")))")
        }
    }

    /// The leaf's entries so far as a PLAIN data page body (levels with their length prefixes, then values),
    /// and how many entries it holds; the buffer is emptied.
    mutating func takePage(_ l: Int) -> (body: [UInt8], entries: Int) {
        let leaf = leaves[l]
        var b = Buffer()
        swap(&b, &buffers[l])
        var body: [UInt8] = []
        func levels(_ values: [UInt8], max: Int) {
            var encoded: [UInt8] = []
            values.withUnsafeBufferPointer { RLEHybridEncoder.encode($0, bitWidth: BitPacking.width(UInt64(max)), into: &encoded) }
            withUnsafeBytes(of: UInt32(encoded.count).littleEndian) { body.append(contentsOf: $0) }
            body += encoded
        }
        if leaf.maxRepetitionLevel > 0 { levels(b.repetition, max: leaf.maxRepetitionLevel) }
        if leaf.maxDefinitionLevel > 0 { levels(b.definition, max: leaf.maxDefinitionLevel) }
        if leaf.type == .boolean {
            var byte: UInt8 = 0
            for (k, v) in b.booleans.enumerated() {
                if v { byte |= 1 << UInt8(k & 7) }
                if k & 7 == 7 {
                    body.append(byte)
                    byte = 0
                }
            }
            if b.booleans.count & 7 != 0 { body.append(byte) }
        } else {
            body += b.plain
        }
        return (body, b.entries)
    }
}
