import Testing
import PostgresClient
import TestSupport

@Suite struct PGConnectionTests {
    @Test func awkwardStringsRoundTripByteExactly() throws {
        guard let url = try TestServices.postgres() else { return }
        let conn = try PGConnection(url)
        let table = "pgclient_roundtrip_\(UInt32.random(in: 0...UInt32.max))"
        try conn.execute("CREATE TABLE \(table) (id int PRIMARY KEY, body text, blob bytea, n bigint, ok boolean)")
        defer { _ = try? conn.execute("DROP TABLE \(table)") }
        let big = String(repeating: "0123456789abcdé\u{1F600}", count: 1_000_000 / 20)
        let values: [String] = [
            "", "it's", "O''Brien", "back\\slash \\x00", "\"double\"", "tab\tnew\nline\r", "naïve ☃ 日本語 \u{1F680}",
            "'); DROP TABLE \(table); --", "$1 $2", big,
        ]
        for (i, v) in values.enumerated() {
            let r = try conn.execute("INSERT INTO \(table) (id, body, blob, n, ok) VALUES ($1, $2, $3, $4, $5)",
                                     [i, v, Array(v.utf8) + [0, 255], Int64.min + Int64(i), i % 2 == 0])
            #expect(r.affectedRows == 1)
        }
        let rows = try conn.execute("SELECT id, body, blob, n, ok FROM \(table) ORDER BY id")
        #expect(rows.rowCount == values.count)
        for (i, v) in values.enumerated() {
            #expect(try rows.int64(row: i, column: 0) == Int64(i))
            let body = try rows.requiredString(row: i, column: 1)
            #expect(Array(body.utf8) == Array(v.utf8))
            #expect(try rows.bytea(row: i, column: 2) == Array(v.utf8) + [0, 255])
            #expect(try rows.int64(row: i, column: 3) == Int64.min + Int64(i))
            #expect(try rows.bool(row: i, column: 4) == (i % 2 == 0))
        }
        #expect(try rows.column(named: "body") == 1)
        let empty = try conn.execute("SELECT body FROM \(table) WHERE id = $1", [PGParameter.null])
        #expect(empty.rowCount == 0)
    }

    @Test func anyArrayLookup() throws {
        guard let url = try TestServices.postgres() else { return }
        let conn = try PGConnection(url)
        let r = try conn.execute("SELECT x FROM unnest($1::text[]) AS x WHERE x = ANY($2::text[]) ORDER BY x",
                                 [PGTextArray(["a", "b\"q", "c\\d", "e,f", "{g}"]), PGTextArray(["b\"q", "c\\d", "e,f", "{g}", "zz"])])
        #expect(r.rowCount == 4)
        #expect(try (0..<r.rowCount).map { try r.requiredString(row: $0, column: 0) } == ["b\"q", "c\\d", "e,f", "{g}"])
    }

    @Test func sqlErrorsCarrySQLSTATE() throws {
        guard let url = try TestServices.postgres() else { return }
        let conn = try PGConnection(url)
        #expect(throws: PGError.self) { try conn.execute("SELEC 1") }
        do {
            try conn.execute("SELECT * FROM no_such_table_swiftlake")
            Issue.record("expected an error")
        } catch {
            #expect(error.sqlstate == "42P01")
        }
        do {
            try conn.execute("SELECT 1/0")
            Issue.record("expected an error")
        } catch {
            #expect(error.sqlstate == "22012")
        }
        // The connection stays usable after an error.
        let r = try conn.execute("SELECT $1::int + 1", [41])
        #expect(try r.int64(row: 0, column: 0) == 42)
        #expect(throws: PGError.invalidParameter(index: 0, reason: "text contains a NUL byte")) {
            try conn.execute("SELECT $1::text", ["a\0b"])
        }
    }

    @Test func transactionsCommitAndRollBack() throws {
        guard let url = try TestServices.postgres() else { return }
        let conn = try PGConnection(url)
        let table = "pgclient_tx_\(UInt32.random(in: 0...UInt32.max))"
        try conn.execute("CREATE TABLE \(table) (k text PRIMARY KEY)")
        defer { _ = try? conn.execute("DROP TABLE \(table)") }
        try conn.transaction { c in try c.execute("INSERT INTO \(table) VALUES ($1)", ["kept"]) }
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try conn.transaction { c in
                try c.execute("INSERT INTO \(table) VALUES ($1)", ["dropped"])
                throw Abort()
            }
        }
        // A unique violation inside a transaction rolls it back and reports 23505.
        do {
            try conn.transaction { c in
                try c.execute("INSERT INTO \(table) VALUES ($1)", ["other"])
                try c.execute("INSERT INTO \(table) VALUES ($1)", ["kept"])
            }
            Issue.record("expected a unique violation")
        } catch let error as PGError {
            #expect(error.sqlstate == "23505")
        }
        let r = try conn.execute("SELECT k FROM \(table) ORDER BY k")
        #expect(r.rowCount == 1)
        #expect(try r.string(row: 0, column: 0) == "kept")
    }

    @Test func badConnectionIsTypedError() throws {
        #expect(throws: PGError.self) { _ = try PGConnection("host=127.0.0.1 port=1 dbname=x connect_timeout=2") }
    }
}
