// lake-ingest: the CommCare change-feed ingest service. The service itself is being built (issue 9);
// `demo` currently shows the storage layer end to end on a synthetic batch.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.first == "demo" else {
    print("usage: lake-ingest demo [--warehouse DIR] [--columnar-only [--rows N]]")
    exit(arguments.isEmpty ? 0 : 2)
}
var warehouse = "./lakehouse"
var rows = 20_000
var columnarOnly = false
var i = 1
while i < arguments.count {
    switch arguments[i] {
    case "--columnar-only": columnarOnly = true; i += 1
    case "--warehouse" where i + 1 < arguments.count: warehouse = arguments[i + 1]; i += 2
    case "--rows" where i + 1 < arguments.count:
        guard let n = Int(arguments[i + 1]), n > 0, n <= 10_000_000 else {
            FileHandle.standardError.write(Data("lake-ingest: --rows needs a number in 1...10000000\n".utf8))
            exit(2)
        }
        rows = n; i += 2
    default:
        FileHandle.standardError.write(Data("lake-ingest: unknown argument \(arguments[i])\n".utf8))
        exit(2)
    }
}
do {
    if columnarOnly {
        try ColumnarDemo(warehouse: warehouse, rows: rows).run()
    } else {
        try IngestDemo(warehouse: warehouse).run()
    }
} catch {
    FileHandle.standardError.write(Data("lake-ingest demo: \(error)\n".utf8))
    exit(1)
}
