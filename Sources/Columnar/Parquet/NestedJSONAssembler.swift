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

    /// A node of one row's value tree.
    private final class Slot {
        var fields: [String: Slot] = [:]
        var items: [Slot] = []
        var scalar: String?
        var present = false
    }

    /// One schema element on a leaf's path, with the levels at which it is defined and repeated.
    private struct Step {
        var name: String
        var repeated: Bool
        var definitionLevel: Int
        var repetitionLevel: Int
    }

    func column() throws(ParquetError) -> Column {
        var leafPaths: [(leaf: Int, steps: [Step], values: Column, cursor: Int, entry: Int)] = []
        try collect(node, steps: [], def: 0, rep: 0, into: &leafPaths)
        var builder = ColumnBuilder(type: .json, capacity: rows)
        for _ in 0..<rows {
            let root = Slot()
            for k in leafPaths.indices {
                try assembleRow(&leafPaths[k], root: root)
            }
            var text = ""
            render(node, root, into: &text)
            _ = try? builder.append(string: text)
        }
        for p in leafPaths {
            guard let d = decoded[p.leaf], p.entry == d.definitionLevels.count || (d.definitionLevels.isEmpty && p.entry == p.values.count)
            else { throw .invalidMetadata("column \(tree.leaves[p.leaf].dottedPath): levels left after \(rows) rows") }
        }
        return builder.finish()
    }

    private func collect(_ n: ParquetSchemaTree.Node, steps: [Step], def: Int, rep: Int,
                         into out: inout [(leaf: Int, steps: [Step], values: Column, cursor: Int, entry: Int)]) throws(ParquetError) {
        let step = Step(name: n.element.name, repeated: n.element.repetition == .repeated,
                        definitionLevel: n.maxDefinitionLevel, repetitionLevel: n.maxRepetitionLevel)
        let path = steps + [step]
        if let leaf = n.leafIndex {
            guard let d = decoded[leaf] else { throw .invalidMetadata("leaf \(n.element.name) not decoded") }
            let mapping = try ParquetReadMapping(leaf: tree.leaves[leaf])
            out.append((leaf, path, try mapping.column(from: d.values), 0, 0))
            return
        }
        for c in n.children { try collect(c, steps: path, def: n.maxDefinitionLevel, rep: n.maxRepetitionLevel, into: &out) }
    }

    /// Consumes one row's entries of a leaf and places them in the row's tree.
    private func assembleRow(_ p: inout (leaf: Int, steps: [Step], values: Column, cursor: Int, entry: Int),
                             root: Slot) throws(ParquetError) {
        guard let d = decoded[p.leaf] else { return }
        let defs = d.definitionLevels, reps = d.repetitionLevels
        let maxDef = tree.leaves[p.leaf].maxDefinitionLevel
        var indices = [Int](repeating: -1, count: p.steps.count)
        var first = true
        while p.entry < defs.count {
            let r = Int(reps.isEmpty ? 0 : reps[p.entry])
            if r == 0 && !first { break }
            guard first || r > 0 else { break }
            first = false
            let level = Int(defs[p.entry])
            p.entry += 1
            // A new element starts at the repeated step whose level is r; deeper repeated steps restart.
            for (j, s) in p.steps.enumerated() where s.repeated {
                if s.repetitionLevel == r {
                    indices[j] += 1
                } else if s.repetitionLevel > r {
                    indices[j] = 0
                }
            }
            var slot = root
            for (j, s) in p.steps.enumerated() {
                guard level >= s.definitionLevel else { break }
                let child: Slot
                if let existing = slot.fields[s.name] {
                    child = existing
                } else {
                    child = Slot()
                    slot.fields[s.name] = child
                }
                child.present = true
                if s.repeated {
                    let i = Swift.max(indices[j], 0)
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

    /// Renders the value of schema node `n` held in `parent.fields[n.name]`.
    private func render(_ n: ParquetSchemaTree.Node, _ parent: Slot, into out: inout String) {
        guard let slot = parent.fields[n.element.name], slot.present else {
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
            guard let items = slot.fields[inner.element.name], items.present else {
                out += isMap ? "{}" : "[]"
                return
            }
            if isMap, inner.children.count == 2 {
                out += "{"
                for (i, item) in items.items.enumerated() {
                    if i > 0 { out += "," }
                    var key = ""
                    render(inner.children[0], item, into: &key)
                    out += key.hasPrefix("\"") ? key : Self.quote(key)
                    out += ":"
                    render(inner.children[1], item, into: &out)
                }
                out += "}"
                return
            }
            out += "["
            for (i, item) in items.items.enumerated() {
                if i > 0 { out += "," }
                // The three-level list: a repeated group of one element field holds each element.
                if !inner.isLeaf && inner.children.count == 1, let element = inner.children.first {
                    render(element, item, into: &out)
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
            render(c, slot, into: &out)
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

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    out += String(format: "\\u%04x", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
