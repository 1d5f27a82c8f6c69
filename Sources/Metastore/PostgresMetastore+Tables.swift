import Foundation
import PostgresClient

extension PostgresMetastore {
    @discardableResult
    public func createTable(_ definition: CatalogTableDefinition) throws(MetastoreError) -> TableRecord {
        let record = try DefinitionRules.record(definition, owner: nil, createTime: Int64(Date().timeIntervalSince1970))
        return try transaction { (c: borrowing PGConnection, attempt: Int) throws in
            guard let dbID = try c.execute(#"SELECT "DB_ID" FROM "DBS" WHERE "NAME" = $1 FOR SHARE"#, [record.database]).int64OrNil() else {
                throw MetastoreError.databaseNotFound(record.database)
            }
            if let ids = try HiveRows.tableIDs(record.database, record.name, forUpdate: false, on: c) {
                // After a lost connection the first attempt may have committed: the same table is success.
                if attempt > 0 {
                    let existing = try HiveRows.readTable(record.database, record.name, ids: ids, on: c)
                    if existing.location == record.location, existing.columns == record.columns { return existing }
                }
                throw MetastoreError.tableAlreadyExists(database: record.database, table: record.name)
            }
            do {
                try HiveRows.insertTable(record, databaseID: dbID, on: c)
            } catch let error as PGError where error.sqlstate == "23505" {
                // Another writer created the same name between our check and our insert.
                throw MetastoreError.tableAlreadyExists(database: record.database, table: record.name)
            }
            return record
        }
    }

    public func table(_ database: String, _ name: String) throws(MetastoreError) -> TableRecord {
        try Identifier.validate(database)
        try Identifier.validate(name)
        return try transaction { (c: borrowing PGConnection, _: Int) throws in
            // One snapshot for all the statements of the read, so a concurrent alter is seen whole or not at all.
            try c.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            guard let ids = try HiveRows.tableIDs(database, name, forUpdate: false, on: c) else {
                throw try missing(database, name, on: c)
            }
            return try HiveRows.readTable(database, name, ids: ids, on: c)
        }
    }

    public func tables(in database: String, matching pattern: String) throws(MetastoreError) -> [String] {
        try Identifier.validate(database)
        let p = NamePattern(pattern)
        return try run { (c: borrowing PGConnection, _: Int) throws in
            guard let dbID = try c.execute(#"SELECT "DB_ID" FROM "DBS" WHERE "NAME" = $1"#, [database]).int64OrNil() else {
                throw MetastoreError.databaseNotFound(database)
            }
            let r = try c.execute(#"SELECT "TBL_NAME" FROM "TBLS" WHERE "DB_ID" = $1 ORDER BY "TBL_NAME""#, [dbID])
            return try (0..<r.rowCount).compactMap { i throws in try r.string(row: i, column: 0) }.filter { p.matches($0) }
        }
    }

    @discardableResult
    public func alterTable(_ database: String, _ name: String, _ change: (inout CatalogTableDefinition) throws(MetastoreError) -> Void) throws(MetastoreError) -> TableRecord {
        try Identifier.validate(database)
        try Identifier.validate(name)
        return try transaction { (c: borrowing PGConnection, _: Int) throws in
            // The row lock serialises concurrent alters of one table: each sees the previous one's result.
            guard let ids = try HiveRows.tableIDs(database, name, forUpdate: true, on: c) else {
                throw try missing(database, name, on: c)
            }
            let current = try HiveRows.readTable(database, name, ids: ids, on: c)
            var definition = current.definition
            try change(&definition)
            guard definition.database == database, definition.name == name else {
                throw MetastoreError.invalidDefinition(database: database, table: name, reason: "alterTable cannot rename; use renameTable")
            }
            let updated = try DefinitionRules.record(definition, owner: current.owner, createTime: current.createTime)
            try HiveRows.updateTable(updated, ids: ids, ddlTime: Int64(Date().timeIntervalSince1970), on: c)
            return updated
        }
    }

    public func renameTable(_ database: String, _ name: String, to newName: String) throws(MetastoreError) {
        try Identifier.validate(database)
        try Identifier.validate(name)
        try Identifier.validate(newName)
        try transaction { (c: borrowing PGConnection, attempt: Int) throws in
            guard let ids = try HiveRows.tableIDs(database, name, forUpdate: true, on: c) else {
                if attempt > 0, try HiveRows.tableIDs(database, newName, forUpdate: false, on: c) != nil { return }
                throw try missing(database, name, on: c)
            }
            do {
                try c.execute(#"UPDATE "TBLS" SET "TBL_NAME" = $2 WHERE "TBL_ID" = $1"#, [ids.table, newName])
            } catch let error as PGError where error.sqlstate == "23505" {
                throw MetastoreError.tableAlreadyExists(database: database, table: newName)
            }
        }
    }

    public func dropTable(_ database: String, _ name: String, purge: Bool) throws(MetastoreError) {
        try Identifier.validate(database)
        try Identifier.validate(name)
        let location: String? = try transaction { (c: borrowing PGConnection, attempt: Int) throws in
            guard let ids = try HiveRows.tableIDs(database, name, forUpdate: true, on: c) else {
                // A retry after a lost COMMIT reply: the first attempt dropped it.
                if attempt > 0 { return nil }
                throw try missing(database, name, on: c)
            }
            let record = try HiveRows.readTable(database, name, ids: ids, on: c)
            try HiveRows.deleteTable(ids.table, present: tablesInSchema, on: c)
            return record.location
        }
        if purge, let location { try DataPurge.remove(location) }
    }

    /// The error for a table that is not there: its database may be missing too.
    private func missing(_ database: String, _ name: String, on c: borrowing PGConnection) throws -> MetastoreError {
        let db = try c.execute(#"SELECT 1 FROM "DBS" WHERE "NAME" = $1"#, [database])
        return db.rowCount == 0 ? .databaseNotFound(database) : .tableNotFound(database: database, table: name)
    }
}
