import Foundation
import PostgresClient

/// The catalog in a Hive Metastore 2.3 schema on PostgreSQL, written so that a Spark, Hive or Trino
/// pointed at the same database sees SwiftLake's databases and tables (see docs/METASTORE.md for every
/// row and why).
///
/// On an empty database it creates the whole schema, the `VERSION` row and the `default` database; on an
/// existing Hive 2.3 schema (made by Hive's schematool or by DataNucleus) it uses what is there. Every
/// change is one transaction with parameterised statements; ids come from `SEQUENCE_TABLE`. A lost
/// connection is re-established with bounded backoff and the interrupted operation retried.
///
/// A class because it owns one libpq connection, which must be used by one thread at a time: the lock
/// serialises callers, which is what makes the `@unchecked Sendable` sound.
public final class PostgresMetastore: Metastore, @unchecked Sendable {
    /// The default location root for new databases (a URI).
    public let warehouse: String
    private let connection: PGConnection
    private let lock = NSLock()
    private let retry: RetryPolicy
    /// The tables present in the schema, so deletes skip the ones a DataNucleus-made schema lacks.
    private var presentTables: Set<String> = []

    var tablesInSchema: Set<String> { presentTables }

    /// Connects by URL (`postgresql://…`) or conninfo, then prepares the schema. The password comes from
    /// the URL, `PGPASSWORD` or libpq's password file and is never logged.
    public init(_ conninfo: String, warehouse: String, retry: RetryPolicy = RetryPolicy()) throws(MetastoreError) {
        self.retry = retry
        self.warehouse = try DefinitionRules.normalisedLocation(warehouse, database: "default", table: nil)
        var lastError: PGError?
        var opened: PGConnection?
        for attempt in 1...retry.maxAttempts {
            do {
                opened = try PGConnection(conninfo)
                break
            } catch {
                lastError = error
                if attempt < retry.maxAttempts { Thread.sleep(forTimeInterval: retry.delay(before: attempt).seconds) }
            }
        }
        guard let conn = opened.take() else { throw .backend(lastError?.description ?? "cannot connect") }
        connection = conn
        try run { (c: borrowing PGConnection, _: Int) throws in try self.prepareSchema(c) }
    }

    // MARK: running statements

    /// Runs `body` on the connection under the lock. A connection failure resets the connection and
    /// runs `body` again (with the attempt number, so it can tell a retry), up to the policy's limit;
    /// so does a deadlock or serialization failure.
    func run<R>(_ body: (borrowing PGConnection, Int) throws -> R) throws(MetastoreError) -> R {
        lock.lock()
        defer { lock.unlock() }
        var attempt = 0
        while true {
            do {
                return try body(connection, attempt)
            } catch let error as MetastoreError {
                throw error
            } catch let error as PGError {
                attempt += 1
                let lost = isConnectionFailure(error)
                // A deadlock or serialization failure rolled the whole transaction back: run it again.
                let conflict = error.sqlstate == "40P01" || error.sqlstate == "40001"
                guard lost || conflict, attempt < retry.maxAttempts else { throw .backend(error.description) }
                Thread.sleep(forTimeInterval: retry.delay(before: attempt).seconds)
                if lost { try? connection.reset() }
            } catch {
                throw .backend("\(error)")
            }
        }
    }

    /// Runs `body` in one transaction (retried as a whole after a lost connection).
    func transaction<R>(_ body: (borrowing PGConnection, Int) throws -> R) throws(MetastoreError) -> R {
        try run { (c: borrowing PGConnection, attempt: Int) throws in
            try c.transaction { (tx: borrowing PGConnection) throws in try body(tx, attempt) }
        }
    }

    private func isConnectionFailure(_ error: PGError) -> Bool {
        switch error {
        case .connectionLost, .connectionFailed: return true
        case let .server(state, _, _, _):
            // 08xxx connection exceptions, 57P01-57P03 shutdown / cannot connect now.
            return state.hasPrefix("08") || state.hasPrefix("57P") || !connection.isConnected
        default: return !connection.isConnected
        }
    }

    // MARK: schema

    private func prepareSchema(_ c: borrowing PGConnection) throws {
        try c.transaction { (tx: borrowing PGConnection) throws in
            // Several processes may open an empty database at once; one creates the schema.
            try tx.execute("SELECT pg_advisory_xact_lock($1)", [Int64(0x5357_4C4B_4D53)])
            let exists = try tx.execute(#"SELECT to_regclass('public."TBLS"') IS NOT NULL"#).bool(row: 0, column: 0) ?? false
            if !exists {
                for statement in HiveSchemaDDL.statements { try tx.execute(statement) }
            }
            let names = try tx.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
            var present = Set<String>()
            for row in 0..<names.rowCount { present.insert(try names.requiredString(row: row, column: 0)) }
            for required in HiveSchemaDDL.requiredTables where !present.contains(required) {
                throw MetastoreError.unsupportedSchemaVersion("incomplete Hive schema: table \(required) is missing")
            }
            presentTables = present
            let versions = try tx.execute(#"SELECT "SCHEMA_VERSION" FROM "VERSION""#)
            if versions.rowCount == 0 {
                // A schema made by Spark with verification off has no row; a verifying Hive needs one.
                try tx.execute(#"INSERT INTO "VERSION" ("VER_ID", "SCHEMA_VERSION", "VERSION_COMMENT") VALUES (1, $1, $2) ON CONFLICT DO NOTHING"#,
                               [HiveSchemaDDL.version, HiveSchemaDDL.versionComment])
            }
            for row in 0..<versions.rowCount {
                let v = try versions.string(row: row, column: 0) ?? ""
                guard v.hasPrefix("2.3.") else { throw MetastoreError.unsupportedSchemaVersion(v) }
            }
            if try tx.execute(#"SELECT 1 FROM "DBS" WHERE "NAME" = 'default'"#).rowCount == 0 {
                try HiveRows.insertDatabase(
                    DatabaseRecord(name: "default", location: warehouse, comment: "Default Hive database", owner: "public"),
                    ownerType: "ROLE", on: tx)
            }
        }
    }

    // MARK: databases

    @discardableResult
    public func createDatabase(_ name: String, location: String?, comment: String?, properties: [String: String]) throws(MetastoreError) -> DatabaseRecord {
        try Identifier.validate(name)
        try DefinitionRules.checkProperties(properties, database: name, table: "")
        if let comment, comment.utf8.count > 4000 { throw .valueTooLong(field: "database comment", length: comment.utf8.count, limit: 4000) }
        let uri = try DefinitionRules.normalisedLocation(location ?? "\(warehouse)/\(name).db", database: name, table: nil)
        let record = DatabaseRecord(name: name, location: uri, comment: comment, properties: properties, owner: DefinitionRules.currentUser())
        return try transaction { (c: borrowing PGConnection, attempt: Int) throws in
            if let existing = try HiveRows.database(name, on: c) {
                // After a lost connection the first attempt may have committed.
                if attempt > 0, existing.location == uri { return existing }
                throw MetastoreError.databaseAlreadyExists(name)
            }
            do {
                try HiveRows.insertDatabase(record, ownerType: "USER", on: c)
            } catch let error as PGError where error.sqlstate == "23505" {
                throw MetastoreError.databaseAlreadyExists(name)
            }
            return record
        }
    }

    public func database(_ name: String) throws(MetastoreError) -> DatabaseRecord {
        try Identifier.validate(name)
        return try run { (c: borrowing PGConnection, _: Int) throws in
            guard let record = try HiveRows.database(name, on: c) else { throw MetastoreError.databaseNotFound(name) }
            return record
        }
    }

    public func databases(matching pattern: String) throws(MetastoreError) -> [String] {
        let p = NamePattern(pattern)
        return try run { (c: borrowing PGConnection, _: Int) throws in
            let r = try c.execute(#"SELECT "NAME" FROM "DBS" ORDER BY "NAME""#)
            return try (0..<r.rowCount).compactMap { i throws in try r.string(row: i, column: 0) }.filter { p.matches($0) }
        }
    }

    public func dropDatabase(_ name: String, cascade: Bool) throws(MetastoreError) {
        try Identifier.validate(name)
        guard name != "default" else { throw .cannotDropDefaultDatabase }
        try transaction { (c: borrowing PGConnection, attempt: Int) throws in
            let r = try c.execute(#"SELECT "DB_ID" FROM "DBS" WHERE "NAME" = $1 FOR UPDATE"#, [name])
            guard let dbID = try r.int64OrNil() else {
                if attempt > 0 { return }
                throw MetastoreError.databaseNotFound(name)
            }
            let tables = try c.execute(#"SELECT "TBL_ID" FROM "TBLS" WHERE "DB_ID" = $1 FOR UPDATE"#, [dbID])
            if tables.rowCount > 0, !cascade { throw MetastoreError.databaseNotEmpty(name, tables: tables.rowCount) }
            for row in 0..<tables.rowCount {
                if let id = try tables.int64(row: row, column: 0) { try HiveRows.deleteTable(id, present: presentTables, on: c) }
            }
            try HiveRows.deleteDatabase(dbID, present: presentTables, on: c)
        }
    }
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
