/// Errors from the PostgreSQL client. Server errors carry the SQLSTATE so callers can react to
/// specific conditions (`23505` unique violation, `40001` serialization failure, …).
public enum PGError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The connection could not be established; `message` is libpq's explanation (never includes the password).
    case connectionFailed(message: String)
    /// The connection broke while a statement was running.
    case connectionLost(message: String)
    /// The server rejected a statement.
    case server(sqlstate: String, message: String, detail: String?, hint: String?)
    /// A value in a result could not be read as the requested type.
    case typeMismatch(row: Int, column: Int, expected: String, text: String)
    /// A column index or name does not exist in the result.
    case noSuchColumn(String)
    /// A row index is out of range.
    case noSuchRow(Int)
    /// A value that the caller required was NULL.
    case unexpectedNull(row: Int, column: Int)
    /// A statement argument could not be passed to libpq (e.g. a string containing NUL).
    case invalidParameter(index: Int, reason: String)

    /// The SQLSTATE of a server error, if this is one.
    public var sqlstate: String? {
        if case let .server(state, _, _, _) = self { return state }
        return nil
    }

    public var description: String {
        switch self {
        case let .connectionFailed(m): return "postgres: cannot connect: \(m)"
        case let .connectionLost(m): return "postgres: connection lost: \(m)"
        case let .server(state, m, detail, hint):
            var s = "postgres: \(m) (SQLSTATE \(state))"
            if let detail { s += "; detail: \(detail)" }
            if let hint { s += "; hint: \(hint)" }
            return s
        case let .typeMismatch(r, c, expected, text): return "postgres: row \(r) column \(c): '\(text)' is not \(expected)"
        case let .noSuchColumn(c): return "postgres: no column \(c) in the result"
        case let .noSuchRow(r): return "postgres: no row \(r) in the result"
        case let .unexpectedNull(r, c): return "postgres: row \(r) column \(c) is NULL"
        case let .invalidParameter(i, reason): return "postgres: parameter $\(i + 1): \(reason)"
        }
    }
}
