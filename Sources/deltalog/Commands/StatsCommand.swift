import ArgumentParser
import Columnar
import DeltaLog

/// `deltalog stats TABLE [--scan]`: per column nulls, min, max (and with --scan, distinct values).
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Per column: nulls, min and max from the file statistics; with --scan, exact values and distinct counts read from the rows.")

    @OptionGroup var target: TableOptions
    @OptionGroup var version: VersionOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "Read every row: exact nulls, min and max of the live rows, and distinct counts.")
    var scan = false

    /// Distinct counting stops here (the count is then reported as at least this).
    static let distinctLimit = 100_000

    struct Row {
        let name: String
        let type: DataType
        let nulls: Int64?
        let min: Value?
        let max: Value?
        let distinct: Int?
        let distinctCapped: Bool
    }

    func run() throws {
        let location = try target.open()
        let snapshot = try version.snapshot(of: location)
        let rows = scan ? try scanned(location, snapshot) : snapshot.columnSummaries().map {
            Row(name: $0.name, type: $0.type, nulls: $0.nullCount, min: $0.min, max: $0.max, distinct: nil, distinctCapped: false)
        }
        if output.json {
            Console.json(.members([
                ("version", .int(snapshot.version)),
                ("source", .string(scan ? "rows" : "file statistics")),
                ("columns", .array(rows.map { r in
                    .members([
                        ("name", .string(r.name)), ("type", .string(r.type.description)), ("nulls", .optional(r.nulls)),
                        ("min", r.min.map { ValueText.json($0, type: r.type) } ?? .null),
                        ("max", r.max.map { ValueText.json($0, type: r.type) } ?? .null),
                        ("distinct", r.distinct.map { .int($0) } ?? .null),
                        ("distinct_is_lower_bound", .bool(r.distinctCapped)),
                    ])
                })),
            ]))
            return
        }
        var table = TextTable(["column", "type", "nulls", "min", "max", "distinct"])
        for r in rows {
            table.add([r.name, r.type.description, r.nulls.map(String.init) ?? "?", r.min.map(ValueText.display) ?? "?",
                       r.max.map(ValueText.display) ?? "?", r.distinct.map { (r.distinctCapped ? ">=" : "") + String($0) } ?? "-"])
        }
        Console.out(table.rendered)
        Console.out("version \(snapshot.version); source: \(scan ? "rows" : "file statistics (distinct counts need --scan)")")
    }

    private func scanned(_ location: TableLocation, _ snapshot: Snapshot) throws -> [Row] {
        let columns = snapshot.schema.columns
        var nulls = [Int64](repeating: 0, count: columns.count)
        var lo = [Value?](repeating: nil, count: columns.count)
        var hi = [Value?](repeating: nil, count: columns.count)
        var distinct = [Set<Value>](repeating: [], count: columns.count)
        let scan = try location.run { t throws(DeltaLogError) in try t.scan(snapshot) }
        try location.run { _ throws(DeltaLogError) in
            try scan.forEach { b in
                for (i, c) in columns.enumerated() {
                    guard let column = b.batch.column(named: c.name) else { continue }
                    for r in 0..<b.batch.rowCount {
                        let v = column.value(at: r)
                        if v.isNull { nulls[i] += 1; continue }
                        if lo[i].map({ (Value.compare(v, $0) ?? 0) < 0 }) ?? true { lo[i] = v }
                        if hi[i].map({ (Value.compare(v, $0) ?? 0) > 0 }) ?? true { hi[i] = v }
                        if distinct[i].count < Self.distinctLimit { distinct[i].insert(v) }
                    }
                }
            }
        }
        return columns.enumerated().map { i, c in
            Row(name: c.name, type: c.type, nulls: nulls[i], min: lo[i], max: hi[i], distinct: distinct[i].count,
                distinctCapped: distinct[i].count >= Self.distinctLimit)
        }
    }
}
