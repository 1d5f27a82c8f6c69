import Foundation

/// Rebuilds the rows of a nested top-level field (a group, a repeated field, a LIST or a MAP) from its leaves'
/// repetition and definition levels, and renders each row as JSON text.
///
/// LIST-annotated groups become arrays, MAP-annotated groups become objects keyed by the map key's text, other
/// groups become objects, and repeated fields become arrays. Scalars render as JSON numbers, booleans and
/// strings; dates and timestamps as their integer days and microseconds; binary values as base64 strings.
struct NestedJSONAssembler {
    let tree: ParquetSchemaTree
    let node: ParquetSchemaTree.Node
    let decoded: [Int: ColumnChunkDecoder.Output]
    let rows: Int

    /// A node of one row's value tree. Children are held by their position in the schema node's children
    /// (hashing names per value was the assembler's main cost).
    private final class Slot {
        var fields: [Slot?] = []
        var items: [Slot] = []
        var scalar: String?
        var present = false

        func child(_ i: Int) -> Slot? { i < fields.count ? fields[i] : nil }

        func makeChild(_ i: Int) -> Slot {
            if let c = child(i) { return c }
            while fields.count <= i { fields.append(nil) }
            let c = Slot()
            fields[i] = c
            return c
        }
    }

    /// One schema element on a leaf's path, with its position among its parent's children and the levels at
    /// which it is defined and repeated.
    private struct Step {
        var index: Int
        var repeated: Bool
        var definitionLevel: Int
        var repetitionLevel: Int
    }

    /// One leaf being consumed: its path, values, and where it is in its values and level entries.
    private struct LeafCursor {
        var leaf: Int
        var steps: [Step]
        var values: Column
        var cursor = 0
        var entry = 0
        /// Per step, the index of the current element of a repeated step (reused across rows).
        var indices: [Int]
    }

    func column() throws(ParquetError) -> Column {
        var leafPaths: [LeafCursor] = []
        try collect(node, index: 0, steps: [], into: &leafPaths)
        var builder = ColumnBuilder(type: .json, capacity: rows)
        var text = ""
        for _ in 0..<rows {
            let root = Slot()
            for k in leafPaths.indices {
                try assembleRow(&leafPaths[k], root: root)
            }
            text.removeAll(keepingCapacity: true)
            render(node, index: 0, root, into: &text)
            _ = try? builder.append(string: text)
        }
        for p in leafPaths {
            guard let d = decoded[p.leaf], p.entry == d.definitionLevels.count || (d.definitionLevels.isEmpty && p.entry == p.values.count)
            else { throw .invalidMetadata("column \(tree.leaves[p.leaf].dottedPath): levels left after \(rows) rows") }
        }
        return builder.finish()
    }

    private func collect(_ n: ParquetSchemaTree.Node, index: Int, steps: [Step], into out: inout [LeafCursor]) throws(ParquetError) {
        let step = Step(index: index, repeated: n.element.repetition == .repeated,
                        definitionLevel: n.maxDefinitionLevel, repetitionLevel: n.maxRepetitionLevel)
        let path = steps + [step]
        if let leaf = n.leafIndex {
            guard let d = decoded[leaf] else { throw .invalidMetadata("leaf \(n.element.name) not decoded") }
            let mapping = try ParquetReadMapping(leaf: tree.leaves[leaf])
            out.append(LeafCursor(leaf: leaf, steps: path, values: try mapping.column(from: d.values),
                                  indices: [Int](repeating: -1, count: path.count)))
            return
        }
        for (i, c) in n.children.enumerated() { try collect(c, index: i, steps: path, into: &out) }
    }

    /// Consumes one row's entries of a leaf and places them in the row's tree.
    private func assembleRow(_ p: inout LeafCursor, root: Slot) throws(ParquetError) {
        guard let d = decoded[p.leaf] else { return }
        let defs = d.definitionLevels, reps = d.repetitionLevels
        let maxDef = tree.leaves[p.leaf].maxDefinitionLevel
        let stepCount = p.steps.count
        for j in 0..<stepCount { p.indices[j] = -1 }
        var first = true
        while p.entry < defs.count {
            let r = Int(reps.isEmpty ? 0 : reps[p.entry])
            if r == 0 && !first { break }
            guard first || r > 0 else { break }
            first = false
            let level = Int(defs[p.entry])
            p.entry += 1
            // A new element starts at the repeated step whose level is r; deeper repeated steps restart.
            for j in 0..<stepCount where p.steps[j].repeated {
                let stepLevel = p.steps[j].repetitionLevel
                if stepLevel == r {
                    p.indices[j] += 1
                } else if stepLevel > r {
                    p.indices[j] = 0
                }
            }
            var slot = root
            for j in 0..<stepCount {
                let s = p.steps[j]
                guard level >= s.definitionLevel else { break }
                let child = slot.makeChild(s.index)
                child.present = true
                if s.repeated {
                    let i = Swift.max(p.indices[j], 0)
                    while child.items.count <= i { child.items.append(Slot()) }
                    slot = child.items[i]
                    slot.present = true
                } else {
                    slot = child
                }
            }
            if level == maxDef {
                guard p.cursor < p.values.count else {
                    throw .invalidMetadata("column \(tree.leaves[p.leaf].dottedPath): more levels than values")
                }
                slot.scalar = Self.json(p.values.value(at: p.cursor), type: p.values.type)
                p.cursor += 1
            }
        }
    }

    /// Renders the value of schema node `n`, child `index` of its parent, held in `parent`.
    private func render(_ n: ParquetSchemaTree.Node, index: Int, _ parent: Slot, into out: inout String) {
        guard let slot = parent.child(index), slot.present else {
            out += n.element.repetition == .repeated ? "[]" : "null"
            return
        }
        if n.element.repetition == .repeated {
            out += "["
            for (i, item) in slot.items.enumerated() {
                if i > 0 { out += "," }
                renderValue(n, item, into: &out)
            }
            out += "]"
        } else {
            renderValue(n, slot, into: &out)
        }
    }

    /// Renders one occurrence of node `n` (the element of a repeated node, or the node itself).
    private func renderValue(_ n: ParquetSchemaTree.Node, _ slot: Slot, into out: inout String) {
        if n.isLeaf {
            out += slot.scalar ?? "null"
            return
        }
        let isList = n.element.logicalType == .list || n.element.convertedType == .list
        let isMap = n.element.logicalType == .map || n.element.convertedType == .map
        if (isList || isMap), n.children.count == 1, let inner = n.children.first, inner.element.repetition == .repeated {
            guard let items = slot.child(0), items.present else {
                out += isMap ? "{}" : "[]"
                return
            }
            if isMap, inner.children.count == 2 {
                out += "{"
                for (i, item) in items.items.enumerated() {
                    if i > 0 { out += "," }
                    var key = ""
                    render(inner.children[0], index: 0, item, into: &key)
                    out += key.hasPrefix("\"") ? key : Self.quote(key)
                    out += ":"
                    render(inner.children[1], index: 1, item, into: &out)
                }
                out += "}"
                return
            }
            out += "["
            for (i, item) in items.items.enumerated() {
                if i > 0 { out += "," }
                // The three-level list: a repeated group of one element field holds each element.
                if !inner.isLeaf && inner.children.count == 1, let element = inner.children.first {
                    render(element, index: 0, item, into: &out)
                } else {
                    renderValue(inner, item, into: &out)
                }
            }
            out += "]"
            return
        }
        out += "{"
        for (i, c) in n.children.enumerated() {
            if i > 0 { out += "," }
            out += Self.quote(c.element.name)
            out += ":"
            render(c, index: i, slot, into: &out)
        }
        out += "}"
    }

    static func json(_ v: Value, type: DataType) -> String {
        switch v {
        case .null: return "null"
        case let .boolean(b): return b ? "true" : "false"
        case let .int32(x): return String(x)
        case let .int64(x): return String(x)
        case let .float32(x): return x.isFinite ? "\(x)" : "null"
        case let .float64(x): return x.isFinite ? "\(x)" : "null"
        case let .string(s): return quote(s)
        case let .binary(b): return quote(Data(b).base64EncodedString())
        case let .date(d): return String(d)
        case let .timestamp(t): return String(t)
        }
    }

    static func quote(_ s: String) -> String { JSONStringLiteral.quoted(s) }
}
