/// The registry of benchmark suites.
enum Suites {
    static let names = ["columnar", "table", "kafka", "parquet", "ingest"]

    static func run(_ name: String, _ context: BenchContext) async throws -> [Figure] {
        switch name {
        case "columnar": return try ColumnarSuite.run(context)
        case "table": return try TableSuite.run(context)
        case "kafka": return try await KafkaSuite.run(context)
        case "parquet": return try ParquetSuite.run(context)
        case "ingest": return try await IngestSuite.run(context)
        default: throw BenchError.unknownSuite(name)
        }
    }
}
