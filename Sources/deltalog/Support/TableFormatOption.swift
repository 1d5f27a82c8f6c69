import ArgumentParser

/// `--format` of a new table's data files.
enum TableFormatOption: String, ExpressibleByArgument, CaseIterable {
    /// SwiftLake's own columnar files (the fast default).
    case native
    /// A synonym of `native`.
    case columnar
    /// Parquet: an open Delta table that Spark, Trino and delta-rs read.
    case parquet

    var columnarFiles: Bool { self != .parquet }
}
