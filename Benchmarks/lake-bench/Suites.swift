/// The registry of benchmark suites.
enum Suites {
    static let names: [String] = []

    static func run(_ name: String, _ context: BenchContext) throws -> [Figure] {
        switch name {
        default: throw BenchError.unknownSuite(name)
        }
    }
}
