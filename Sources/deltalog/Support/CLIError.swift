import DeltaLog

/// A failure while running a command (exit status 1), as opposed to a usage error (exit status 2, which
/// ArgumentParser's `ValidationError` reports). Each case names the thing that went wrong.
enum CLIError: Error, CustomStringConvertible {
    /// No table at a path, or no catalog entry for a name.
    case tableNotFound(String)
    case tableExists(String)
    /// The table (a path or a catalog name) cannot be opened or changed.
    case table(String, DeltaLogError)
    case catalog(String)
    /// An input file that cannot be read or parsed.
    case input(source: String, detail: String)
    /// `verify` found faults.
    case verificationFailed(faults: Int)
    case failed(String)

    var description: String {
        switch self {
        case let .tableNotFound(name): return "\(name): no such table"
        case let .tableExists(name): return "\(name): the table already exists"
        case let .table(name, e): return "\(name): \(e)"
        case let .catalog(detail): return "catalog: \(detail)"
        case let .input(source, detail): return "\(source): \(detail)"
        case let .verificationFailed(faults): return "verification found \(Plural.count(faults, "fault"))"
        case let .failed(detail): return detail
        }
    }
}
