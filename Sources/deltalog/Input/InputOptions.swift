import ArgumentParser

/// The input file of a write command and how to read it.
struct InputOptions: ParsableArguments {
    @Argument(help: "Rows to write: an NDJSON or CSV file, or - for standard input.")
    var file: String

    @Option(name: .customLong("input-format"), help: "ndjson or csv (default: from the extension, else from the first byte).")
    var inputFormat: InputFormat?

    /// The rows as records, in input order.
    func records() throws -> InputRecords { try InputRecords.load(file, format: inputFormat) }
}
