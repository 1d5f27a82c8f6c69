/// A Parquet schema rebuilt as a tree from the footer's depth-first element list, with each leaf's
/// definition and repetition levels worked out.
package struct ParquetSchemaTree: Sendable {
    /// A node: a group (with children) or a leaf column.
    package struct Node: Sendable {
        package var element: ParquetSchemaElement
        package var children: [Node]
        /// For leaves, the position among all leaves (the column chunk index in each row group).
        package var leafIndex: Int?
        package var maxDefinitionLevel: Int
        package var maxRepetitionLevel: Int
        package var isLeaf: Bool { leafIndex != nil }
    }

    /// One leaf column.
    package struct Leaf: Sendable {
        package var path: [String]
        package var element: ParquetSchemaElement
        package var physical: ParquetPhysicalType
        package var maxDefinitionLevel: Int
        package var maxRepetitionLevel: Int
        /// The top-level field this leaf belongs to.
        package var topLevel: Int
        package var dottedPath: String { path.joined(separator: ".") }
    }

    /// Deepest nesting accepted; levels are kept in bytes.
    static let maxDepth = 100

    package let root: Node
    package let leaves: [Leaf]

    package init(_ elements: [ParquetSchemaElement]) throws(ParquetError) {
        guard let first = elements.first else { throw .invalidMetadata("empty schema") }
        var position = 1
        var leaves: [Leaf] = []
        var children: [Node] = []
        let count = Int(first.numChildren ?? 0)
        guard count >= 0, count <= elements.count - 1 else { throw .invalidMetadata("root has \(count) children") }
        for top in 0..<count {
            children.append(try Self.build(elements, &position, path: [], def: 0, rep: 0, depth: 1, top: top, leaves: &leaves))
        }
        guard position == elements.count else {
            throw .invalidMetadata("schema lists \(elements.count) elements but the tree uses \(position)")
        }
        root = Node(element: first, children: children, leafIndex: nil, maxDefinitionLevel: 0, maxRepetitionLevel: 0)
        self.leaves = leaves
    }

    private static func build(_ elements: [ParquetSchemaElement], _ position: inout Int, path: [String], def: Int,
                              rep: Int, depth: Int, top: Int, leaves: inout [Leaf]) throws(ParquetError) -> Node {
        guard depth <= maxDepth else { throw .invalidMetadata("schema nests deeper than \(maxDepth)") }
        guard position < elements.count else { throw .invalidMetadata("schema ends inside a group") }
        let e = elements[position]
        position += 1
        var def = def, rep = rep
        switch e.repetition ?? .required {
        case .optional: def += 1
        case .repeated: def += 1; rep += 1
        case .required: break
        default: throw .unsupported("repetition \(e.repetition?.rawValue ?? -1) of \(e.name)")
        }
        let path = path + [e.name]
        if let n = e.numChildren, n > 0 || e.type == nil {
            guard n >= 0, Int(n) <= elements.count - position else { throw .invalidMetadata("group \(e.name) has \(n) children") }
            var children: [Node] = []
            for _ in 0..<Int(n) {
                children.append(try build(elements, &position, path: path, def: def, rep: rep, depth: depth + 1, top: top,
                                          leaves: &leaves))
            }
            return Node(element: e, children: children, leafIndex: nil, maxDefinitionLevel: def, maxRepetitionLevel: rep)
        }
        guard let physical = e.type else { throw .invalidMetadata("leaf \(e.name) has no type") }
        leaves.append(Leaf(path: path, element: e, physical: physical, maxDefinitionLevel: def, maxRepetitionLevel: rep,
                           topLevel: top))
        return Node(element: e, children: [], leafIndex: leaves.count - 1, maxDefinitionLevel: def, maxRepetitionLevel: rep)
    }
}
