import CLibpq

/// One connection to PostgreSQL through libpq.
///
/// Non-copyable: it owns the `PGconn` and closes it when it goes out of scope. Not thread-safe;
/// give each thread or task its own connection. Every statement goes through `PQexecParams`
/// with `$n` placeholders, so values are never spliced into SQL text.
public struct PGConnection: ~Copyable {
    private let handle: OpaquePointer

    /// Connects with a libpq conninfo string (`host=… port=… dbname=…`) or URL (`postgresql://…`).
    /// Passwords come from the URL, `PGPASSWORD` or libpq's password file; they are never logged.
    public init(_ conninfo: String) throws(PGError) {
        guard let conn = PQconnectdb(conninfo) else { throw .connectionFailed(message: "libpq could not allocate a connection") }
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = PGConnection.trimmed(PQerrorMessage(conn))
            PQfinish(conn)
            throw .connectionFailed(message: message)
        }
        // Server notices (e.g. "relation already exists, skipping") would otherwise go to stderr.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        if PQsetClientEncoding(conn, "UTF8") != 0 {
            let message = PGConnection.trimmed(PQerrorMessage(conn))
            PQfinish(conn)
            throw .connectionFailed(message: "cannot set client encoding: \(message)")
        }
        handle = conn
    }

    deinit { PQfinish(handle) }

    /// Whether the connection is usable.
    public var isConnected: Bool { PQstatus(handle) == CONNECTION_OK }

    /// The server's version number (e.g. 150018 for 15.18).
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// Re-establishes a broken connection with the same parameters.
    public func reset() throws(PGError) {
        PQreset(handle)
        guard PQstatus(handle) == CONNECTION_OK else {
            throw .connectionFailed(message: PGConnection.trimmed(PQerrorMessage(handle)))
        }
    }

    /// Runs one statement with `$1…$n` bound to `parameters` and returns its rows.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [any PGEncodable] = []) throws(PGError) -> PGResult {
        let params = parameters.map(\.pgParameter)
        let count = params.count
        // All values go into one buffer (text NUL-terminated); libpq gets pointers into it.
        var buffer: [CChar] = []
        var offsets = [Int](repeating: -1, count: count)
        var lengths = [Int32](repeating: 0, count: count)
        var formats = [Int32](repeating: 0, count: count)
        for (i, p) in params.enumerated() {
            switch p {
            case .null:
                continue
            case .text(let s):
                offsets[i] = buffer.count
                let before = buffer.count
                for b in s.utf8 {
                    if b == 0 { throw .invalidParameter(index: i, reason: "text contains a NUL byte") }
                    buffer.append(CChar(bitPattern: b))
                }
                lengths[i] = Int32(clamping: buffer.count - before)
                buffer.append(0)
            case .binary(let bytes):
                guard bytes.count <= Int(Int32.max) else { throw .invalidParameter(index: i, reason: "value exceeds 2 GiB") }
                offsets[i] = buffer.count
                buffer.append(contentsOf: bytes.lazy.map { CChar(bitPattern: $0) })
                lengths[i] = Int32(bytes.count)
                formats[i] = 1
            }
        }
        buffer.append(0)
        let result: OpaquePointer? = buffer.withUnsafeBufferPointer { buf in
            let values: [UnsafePointer<CChar>?] = offsets.map { off in
                guard off >= 0, let base = buf.baseAddress else { return nil }
                return base + off
            }
            return PQexecParams(handle, sql, Int32(count), nil, values, lengths, formats, 0)
        }
        return try PGConnection.checked(result, handle)
    }

    /// Runs one or more statements without parameters (DDL scripts). Returns nothing.
    public func executeScript(_ sql: String) throws(PGError) {
        _ = try PGConnection.checked(PQexec(handle, sql), handle)
    }

    /// Runs `body` inside BEGIN … COMMIT; any error rolls back and is rethrown.
    public func transaction<R>(_ body: (borrowing PGConnection) throws -> R) throws -> R {
        try executeScript("BEGIN")
        do {
            let value = try body(self)
            try executeScript("COMMIT")
            return value
        } catch {
            // If the connection is gone the rollback fails too; the original error is the one to report.
            _ = try? executeScript("ROLLBACK")
            throw error
        }
    }

    private static func checked(_ result: OpaquePointer?, _ conn: OpaquePointer) throws(PGError) -> PGResult {
        guard let result else {
            let message = trimmed(PQerrorMessage(conn))
            if PQstatus(conn) != CONNECTION_OK { throw .connectionLost(message: message) }
            throw .server(sqlstate: "XX000", message: message, detail: nil, hint: nil)
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_COPY_IN, PGRES_COPY_OUT:
            return PGResult(owning: result)
        default:
            let state = field(result, "C") ?? ""
            let message = field(result, "M") ?? trimmed(PQresultErrorMessage(result))
            let detail = field(result, "D")
            let hint = field(result, "H")
            PQclear(result)
            if state.isEmpty, PQstatus(conn) != CONNECTION_OK {
                throw .connectionLost(message: message.isEmpty ? trimmed(PQerrorMessage(conn)) : message)
            }
            throw .server(sqlstate: state.isEmpty ? "XX000" : state, message: message, detail: detail, hint: hint)
        }
    }

    private static func field(_ result: OpaquePointer, _ code: Unicode.Scalar) -> String? {
        guard let p = PQresultErrorField(result, Int32(code.value)) else { return nil }
        return String(cString: p)
    }

    private static func trimmed(_ p: UnsafePointer<CChar>?) -> String {
        guard let p else { return "" }
        var s = String(cString: p)
        while s.last?.isWhitespace == true { s.removeLast() }
        return s
    }
}
