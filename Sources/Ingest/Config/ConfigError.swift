/// A configuration that cannot be used. `invalid` lists every problem found, not just the first.
public enum ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is not valid TOML (subset) or JSON.
    case syntax(line: Int, column: Int, message: String)
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The content parsed but is wrong; one entry per problem.
    case invalid([ConfigProblem])

    public var description: String {
        switch self {
        case let .syntax(line, column, message): return "config: line \(line), column \(column): \(message)"
        case let .unreadable(path, reason): return "config: cannot read \(path): \(reason)"
        case let .invalid(problems):
            return "config: \(problems.count) problem(s):\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        }
    }
}
