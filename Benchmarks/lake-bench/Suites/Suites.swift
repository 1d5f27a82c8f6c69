/// The registry of benchmark suites.
enum Suites {
    static let names = ["kafka"]

    static func run(_ name: String, _ context: BenchContext) async throws -> [Figure] {
        switch name {
        case "kafka": return try await KafkaSuite.run(context)
        default: throw BenchError.unknownSuite(name)
        }
    }
}
