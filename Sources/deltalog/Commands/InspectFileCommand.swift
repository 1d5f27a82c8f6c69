import ArgumentParser
import Columnar
import Foundation

/// `deltalog inspect-file FILE [--json]`: the layout of one columnar data file.
struct InspectFileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect-file",
        abstract: "Show a columnar file's schema, row groups, column chunks (encodings, sizes, ratio), statistics and bloom filters."
    )

    @Argument(help: "Path of the file.")
    var file: String

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let reader: ColumnarReader
        do {
            reader = try ColumnarReader(path: file)
        } catch {
            throw CLIError.input(source: file, detail: error.description)
        }
        let m = reader.metadata
        if json {
            let data = try JSONSerialization.data(withJSONObject: Self.report(m, fileSize: reader.source.size),
                                                  options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(Self.text(m, fileSize: reader.source.size), terminator: "")
        }
    }

    static func text(_ m: FileMetadata, fileSize: Int) -> String {
        var out = "file: \(fileSize) bytes, \(m.rowCount) rows, \(m.rowGroups.count) row groups, created by \(m.createdBy)\n"
        out += "schema:\n"
        for f in m.schema.fields { out += "  #\(f.id) \(f.name): \(f.type)\(f.nullable ? "" : " not null")\n" }
        if !m.keyValueMetadata.isEmpty {
            out += "metadata:\n"
            for (k, v) in m.keyValueMetadata.sorted(by: { $0.key < $1.key }) { out += "  \(k) = \(v)\n" }
        }
        for (g, group) in m.rowGroups.enumerated() {
            out += "row group \(g): rows \(group.firstRow)..<\(group.firstRow + group.rowCount)\n"
            for (f, c) in zip(m.schema.fields, group.columns) {
                let ratio = c.length > 0 ? Double(c.uncompressedSize) / Double(c.length) : 1
                let dict = c.pages.first?.isDictionary == true ? " +dictionary(\(c.pages[0].valueCount))" : ""
                out += "  \(f.name): \(c.length) B stored, \(c.uncompressedSize) B uncompressed, ratio \(format(ratio)), "
                out += "\(c.pages.count) pages, encodings \(c.encodings.map(\.description).joined(separator: ","))\(dict), "
                out += "compression \(c.compressions.map(\.description).joined(separator: ","))\n"
                out += "    stats: \(c.statistics)\n"
                if let b = c.bloomFilter { out += "    bloom filter: \(b.length) B at \(b.offset)\n" }
            }
        }
        return out
    }

    static func report(_ m: FileMetadata, fileSize: Int) -> [String: Any] {
        [
            "file_bytes": fileSize,
            "rows": m.rowCount,
            "created_by": m.createdBy,
            "metadata": m.keyValueMetadata,
            "schema": m.schema.fields.map { ["id": Int($0.id), "name": $0.name, "type": $0.type.description, "nullable": $0.nullable] },
            "row_groups": m.rowGroups.map { group in
                [
                    "first_row": group.firstRow,
                    "rows": group.rowCount,
                    "columns": zip(m.schema.fields, group.columns).map { f, c in chunk(f, c) },
                ] as [String: Any]
            },
        ]
    }

    static func chunk(_ f: Field, _ c: ColumnChunkMetadata) -> [String: Any] {
        var chunk: [String: Any] = [
            "name": f.name,
            "offset": c.offset,
            "stored_bytes": c.length,
            "uncompressed_bytes": c.uncompressedSize,
            "ratio": c.length > 0 ? Double(c.uncompressedSize) / Double(c.length) : 1,
            "encodings": c.encodings.map(\.description),
            "compressions": c.compressions.map(\.description),
            "pages": c.pages.map { p -> [String: Any] in
                [
                    "kind": p.isDictionary ? "dictionary" : "data",
                    "offset": p.offset, "bytes": p.length, "values": p.valueCount,
                    "encoding": p.encoding.description, "compression": p.compression.description,
                    "statistics": statistics(p.statistics),
                ]
            },
            "statistics": statistics(c.statistics),
        ]
        if let b = c.bloomFilter { chunk["bloom_filter"] = ["offset": b.offset, "bytes": b.length] }
        return chunk
    }

    static func statistics(_ s: ColumnStatistics) -> [String: Any] {
        var out: [String: Any] = ["values": s.valueCount, "nulls": s.nullCount]
        if let v = s.min { out["min"] = jsonValue(v) }
        if let v = s.max { out["max"] = jsonValue(v) }
        return out
    }

    /// A JSON-safe rendering: numbers stay numbers when finite, everything else becomes a string.
    static func jsonValue(_ v: Value) -> Any {
        switch v {
        case .null: return NSNull()
        case let .boolean(b): return b
        case let .int32(x), let .date(x): return Int(x)
        case let .int64(x), let .timestamp(x): return x
        case let .float32(x): return x.isFinite ? Double(x) as Any : x.description
        case let .float64(x): return x.isFinite ? x as Any : x.description
        case let .string(s): return s
        case .binary: return v.description
        }
    }

    static func format(_ x: Double) -> String { String(format: "%.2f", x) }
}
