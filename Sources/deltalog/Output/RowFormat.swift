import ArgumentParser

/// How `show` prints rows.
enum RowFormat: String, ExpressibleByArgument, CaseIterable {
    /// Aligned columns with a header (the rows are buffered to size the columns).
    case table
    /// One JSON object per row (NDJSON), streamed.
    case json
    /// RFC 4180 CSV with a header row, streamed; nulls are empty fields.
    case csv
}
