/// The registry of benchmark suites.
enum Suites {
    static let names = ["columnar", "kafka"]

    static func run(_ name: String, _ context: BenchContext) async throws -> [Figure] {
        switch name {
        case "columnar": return try ColumnarSuite.run(context)
        case "kafka": return try await KafkaSuite.run(context)
        default: throw BenchError.unknownSuite(name)
        }
    }
}
