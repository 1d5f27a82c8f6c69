import Metastore

/// The data-file format of the tables ingest creates (issue 12): chosen per table by the `[tables]` section.
///
/// The format is fixed when a table is created (DeltaLog records it in the table's metadata, `format.provider`);
/// changing the configuration later affects new tables only (`deltalog convert` rewrites an existing one).
public enum TableFormat: String, Sendable, Equatable, CaseIterable {
    /// SwiftLake's own columnar files: the fastest to write and read.
    case native
    /// Parquet files: a standard Delta Lake table that Spark (with Delta Lake), Trino and delta-rs read.
    case parquet

    /// Whether DeltaLog writes SwiftLake columnar files for this format (`TableDefinition.columnarFiles`).
    public var columnarFiles: Bool { self == .native }
}

/// The `[tables]` section: the default data format, overrides by table-name pattern, and when to compact.
public struct TableSettings: Sendable, Equatable {
    public var format = TableFormat.native
    /// `(pattern, format)` in file order; the first pattern (Hive `LIKE` syntax: `*`, `?`, `|`, any case) that
    /// matches a table's name decides its format.
    public var formatOverrides: [(pattern: String, format: TableFormat)] = []
    /// Compact a table (OPTIMIZE) once this loop has added this many data files to it since the last compaction;
    /// 0 = never. Every small ingest commit adds a file per partition it touches, and every MERGE probes every file.
    public var compactAfterFiles = 200

    public init() {}

    /// The format a new table named `tableName` is created with.
    public func format(forTable tableName: String) -> TableFormat {
        formatOverrides.first { NamePattern($0.pattern).matches(tableName) }?.format ?? format
    }

    public static func == (a: TableSettings, b: TableSettings) -> Bool {
        a.format == b.format && a.compactAfterFiles == b.compactAfterFiles
            && a.formatOverrides.elementsEqual(b.formatOverrides) { $0 == $1 }
    }

    static func decode(_ r: inout ConfigReader, _ problems: inout [ConfigProblem]) -> TableSettings {
        var s = TableSettings()
        let name = r.string("format", default: s.format.rawValue, &problems)
        if let f = TableFormat(name) { s.format = f } else { problems.append(.init(r.key("format"), TableFormat.problem(name))) }
        s.compactAfterFiles = r.int("compact_after_files", default: s.compactAfterFiles, range: 0...1_000_000, &problems)
        var o = r.table("format_overrides", &problems)
        for pattern in o.object.keys {
            let value = o.string(pattern, default: "", &problems)
            if pattern.isEmpty { problems.append(.init(o.key(pattern), "an empty pattern matches nothing; use * for all tables")) }
            if let f = TableFormat(value) { s.formatOverrides.append((pattern, f)) } else {
                problems.append(.init(o.key(pattern), TableFormat.problem(value)))
            }
        }
        return s
    }
}

extension TableFormat {
    /// Parses a configured name; `columnar` is accepted for `native` (the name `deltalog create --format` uses).
    init?(_ name: String) {
        switch name.lowercased() {
        case "native", "columnar": self = .native
        case "parquet": self = .parquet
        default: return nil
        }
    }

    static func problem(_ value: String) -> String { "\"\(value)\" is not native or parquet" }
}
