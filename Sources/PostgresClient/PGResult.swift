import CLibpq

/// The rows of one statement's result, read in place from libpq's buffer.
///
/// Non-copyable: it owns the `PGresult` and frees it when it goes out of scope.
public struct PGResult: ~Copyable {
    private let handle: OpaquePointer
    /// Number of rows returned.
    public let rowCount: Int
    /// Number of columns returned.
    public let columnCount: Int

    init(owning handle: OpaquePointer) {
        self.handle = handle
        rowCount = Int(PQntuples(handle))
        columnCount = Int(PQnfields(handle))
    }

    deinit { PQclear(handle) }

    /// Rows affected by an INSERT/UPDATE/DELETE (0 when not applicable).
    public var affectedRows: Int {
        guard let s = PQcmdTuples(handle) else { return 0 }
        return Int(String(cString: s)) ?? 0
    }

    /// The names of the columns, in order.
    public var columnNames: [String] {
        (0..<columnCount).map { String(cString: PQfname(handle, Int32($0))) }
    }

    /// The index of the column called `name`.
    public func column(named name: String) throws(PGError) -> Int {
        let i = Int(PQfnumber(handle, name))
        guard i >= 0 else { throw .noSuchColumn(name) }
        return i
    }

    /// Whether the value at (`row`, `column`) is NULL.
    public func isNull(row: Int, column: Int) throws(PGError) -> Bool {
        try check(row, column)
        return PQgetisnull(handle, Int32(row), Int32(column)) != 0
    }

    /// The value as text, or nil for NULL. Text mode returns every type in its text form.
    public func string(row: Int, column: Int) throws(PGError) -> String? {
        try check(row, column)
        if PQgetisnull(handle, Int32(row), Int32(column)) != 0 { return nil }
        let length = Int(PQgetlength(handle, Int32(row), Int32(column)))
        guard let p = PQgetvalue(handle, Int32(row), Int32(column)) else { return nil }
        return UnsafeRawBufferPointer(start: p, count: length).withMemoryRebound(to: UInt8.self) {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// The raw bytes of the value as sent by the server (text form), or nil for NULL.
    public func withBytes<R>(row: Int, column: Int, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        try check(row, column)
        if PQgetisnull(handle, Int32(row), Int32(column)) != 0 { return try body(nil) }
        let length = Int(PQgetlength(handle, Int32(row), Int32(column)))
        return try body(UnsafeRawBufferPointer(start: PQgetvalue(handle, Int32(row), Int32(column)), count: length))
    }

    /// The value as a non-NULL string.
    public func requiredString(row: Int, column: Int) throws(PGError) -> String {
        guard let s = try string(row: row, column: column) else { throw .unexpectedNull(row: row, column: column) }
        return s
    }

    /// The value as a 64-bit integer, or nil for NULL.
    public func int64(row: Int, column: Int) throws(PGError) -> Int64? {
        guard let s = try string(row: row, column: column) else { return nil }
        guard let v = Int64(s) else { throw .typeMismatch(row: row, column: column, expected: "an integer", text: s) }
        return v
    }

    /// The value as a double, or nil for NULL.
    public func double(row: Int, column: Int) throws(PGError) -> Double? {
        guard let s = try string(row: row, column: column) else { return nil }
        guard let v = Double(s) else { throw .typeMismatch(row: row, column: column, expected: "a number", text: s) }
        return v
    }

    /// The value as a boolean (`t`/`f`), or nil for NULL.
    public func bool(row: Int, column: Int) throws(PGError) -> Bool? {
        guard let s = try string(row: row, column: column) else { return nil }
        switch s {
        case "t", "true": return true
        case "f", "false": return false
        default: throw .typeMismatch(row: row, column: column, expected: "a boolean", text: s)
        }
    }

    /// A `bytea` value (text result, hex form `\x…`), or nil for NULL.
    public func bytea(row: Int, column: Int) throws(PGError) -> [UInt8]? {
        guard let s = try string(row: row, column: column) else { return nil }
        var out: [UInt8] = []
        let u = Array(s.utf8)
        guard u.count >= 2, u[0] == UInt8(ascii: "\\"), u[1] == UInt8(ascii: "x"), u.count % 2 == 0 else {
            throw .typeMismatch(row: row, column: column, expected: "hex bytea", text: String(s.prefix(16)))
        }
        out.reserveCapacity((u.count - 2) / 2)
        var i = 2
        while i < u.count {
            guard let hi = hexValue(u[i]), let lo = hexValue(u[i + 1]) else {
                throw .typeMismatch(row: row, column: column, expected: "hex bytea", text: String(s.prefix(16)))
            }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private func check(_ row: Int, _ column: Int) throws(PGError) {
        guard row >= 0, row < rowCount else { throw .noSuchRow(row) }
        guard column >= 0, column < columnCount else { throw .noSuchColumn(String(column)) }
    }
}

@inline(__always)
private func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
    default: return nil
    }
}
