import ArgumentParser

/// The layout of an input file: newline-delimited JSON objects, or CSV with a header row.
enum InputFormat: String, ExpressibleByArgument, CaseIterable {
    case ndjson, csv

    /// From the file name's extension; standard input (and unknown extensions) by the first byte that is
    /// not blank: `{` is NDJSON, anything else CSV.
    static func detect(name: String, bytes: [UInt8]) -> InputFormat {
        let lower = name.lowercased()
        if lower.hasSuffix(".csv") { return .csv }
        if lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") || lower.hasSuffix(".json") { return .ndjson }
        let first = bytes.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        return first == UInt8(ascii: "{") ? .ndjson : .csv
    }
}
