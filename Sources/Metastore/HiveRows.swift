import PostgresClient

/// The rows of Hive's schema that make up one database or table, written the way Spark writes them and
/// read back from either schema variant. Explicit column lists everywhere: the variants order columns
/// differently. Every function runs inside the caller's transaction.
enum HiveRows {
    static let placeholderSerDe = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"
    static let placeholderInputFormat = "org.apache.hadoop.mapred.SequenceFileInputFormat"
    static let placeholderOutputFormat = "org.apache.hadoop.hive.ql.io.HiveSequenceFileOutputFormat"

    // MARK: databases

    static func insertDatabase(_ d: DatabaseRecord, ownerType: String, on c: borrowing PGConnection) throws {
        let id = try HiveIdAllocator.reserve(.database, on: c)
        try c.execute(#"INSERT INTO "DBS" ("DB_ID", "DESC", "DB_LOCATION_URI", "NAME", "OWNER_NAME", "OWNER_TYPE") VALUES ($1, $2, $3, $4, $5, $6)"#,
                      [id, d.comment, d.location, d.name, d.owner, ownerType])
        try insertParams("DATABASE_PARAMS", idColumn: "DB_ID", id: id, d.properties, on: c)
    }

    static func database(_ name: String, on c: borrowing PGConnection) throws -> DatabaseRecord? {
        let r = try c.execute(#"SELECT "DB_ID", "DESC", "DB_LOCATION_URI", "OWNER_NAME" FROM "DBS" WHERE "NAME" = $1"#, [name])
        guard r.rowCount > 0, let id = try r.int64(row: 0, column: 0) else { return nil }
        let params = try self.params("DATABASE_PARAMS", idColumn: "DB_ID", id: id, on: c)
        return DatabaseRecord(name: name, location: try r.string(row: 0, column: 2) ?? "", comment: try r.string(row: 0, column: 1),
                              properties: params, owner: try r.string(row: 0, column: 3) ?? "")
    }

    static func deleteDatabase(_ id: Int64, present: Set<String>, on c: borrowing PGConnection) throws {
        try deleteRows(present, on: c, [
            ("DATABASE_PARAMS", #""DB_ID" = $1"#), ("DB_PRIVS", #""DB_ID" = $1"#),
            ("FUNC_RU", #""FUNC_ID" IN (SELECT "FUNC_ID" FROM "FUNCS" WHERE "DB_ID" = $1)"#), ("FUNCS", #""DB_ID" = $1"#),
            ("DBS", #""DB_ID" = $1"#),
        ], id)
    }

    // MARK: tables

    /// The ids of a table's rows, found by name; `forUpdate` locks the `TBLS` row for the transaction.
    struct TableIDs {
        var table: Int64
        var database: Int64
        var storage: Int64?
        var columns: Int64?
        var serDe: Int64?
    }

    static func tableIDs(_ database: String, _ name: String, forUpdate: Bool, on c: borrowing PGConnection) throws -> TableIDs? {
        let lock = forUpdate ? #" FOR UPDATE OF t"# : ""
        let r = try c.execute(#"""
            SELECT t."TBL_ID", t."DB_ID", s."SD_ID", s."CD_ID", s."SERDE_ID"
            FROM "TBLS" t JOIN "DBS" d ON t."DB_ID" = d."DB_ID" LEFT JOIN "SDS" s ON t."SD_ID" = s."SD_ID"
            WHERE d."NAME" = $1 AND t."TBL_NAME" = $2
            """# + lock, [database, name])
        guard r.rowCount > 0, let table = try r.int64(row: 0, column: 0), let db = try r.int64(row: 0, column: 1) else { return nil }
        return TableIDs(table: table, database: db, storage: try r.int64(row: 0, column: 2),
                        columns: try r.int64(row: 0, column: 3), serDe: try r.int64(row: 0, column: 4))
    }

    /// Inserts every row of a new table, parents first: CDS, COLUMNS_V2, SERDES, SERDE_PARAMS, SDS, TBLS,
    /// TABLE_PARAMS, PARTITION_KEYS.
    static func insertTable(_ t: TableRecord, databaseID: Int64, on c: borrowing PGConnection) throws {
        let cd = try HiveIdAllocator.reserve(.columnDescriptor, on: c)
        let serDe = try HiveIdAllocator.reserve(.serDe, on: c)
        let sd = try HiveIdAllocator.reserve(.storageDescriptor, on: c)
        let id = try HiveIdAllocator.reserve(.table, on: c)
        try c.execute(#"INSERT INTO "CDS" ("CD_ID") VALUES ($1)"#, [cd])
        try insertColumns(t, cd: cd, on: c)
        try c.execute(#"INSERT INTO "SERDES" ("SERDE_ID", "NAME", "SLIB") VALUES ($1, NULL, $2)"#, [serDe, placeholderSerDe])
        try insertParams("SERDE_PARAMS", idColumn: "SERDE_ID", id: serDe, ["serialization.format": "1", "path": t.location], on: c)
        try c.execute(#"""
            INSERT INTO "SDS" ("SD_ID", "CD_ID", "SERDE_ID", "INPUT_FORMAT", "OUTPUT_FORMAT", "LOCATION", "IS_COMPRESSED", "IS_STOREDASSUBDIRECTORIES", "NUM_BUCKETS")
            VALUES ($1, $2, $3, $4, $5, $6, false, false, -1)
            """#, [sd, cd, serDe, placeholderInputFormat, placeholderOutputFormat, t.location])
        try c.execute(#"""
            INSERT INTO "TBLS" ("TBL_ID", "DB_ID", "SD_ID", "TBL_NAME", "TBL_TYPE", "OWNER", "CREATE_TIME", "LAST_ACCESS_TIME", "RETENTION", "IS_REWRITE_ENABLED", "VIEW_EXPANDED_TEXT", "VIEW_ORIGINAL_TEXT")
            VALUES ($1, $2, $3, $4, 'EXTERNAL_TABLE', $5, $6, 0, 0, false, NULL, NULL)
            """#, [id, databaseID, sd, t.name, t.owner, t.createTime])
        try insertParams("TABLE_PARAMS", idColumn: "TBL_ID", id: id, CatalogProperties.managed(t, ddlTime: t.createTime).merging(t.properties) { a, _ in a }, on: c)
        try insertPartitionKeys(t, tableID: id, on: c)
    }

    /// Rewrites the rows of an existing table to match `t`; other tools' `spark.sql.*` keys survive.
    static func updateTable(_ t: TableRecord, ids: TableIDs, ddlTime: Int64, on c: borrowing PGConnection) throws {
        if let sd = ids.storage {
            try c.execute(#"UPDATE "SDS" SET "LOCATION" = $2 WHERE "SD_ID" = $1"#, [sd, t.location])
        }
        if let serDe = ids.serDe {
            try upsertParams("SERDE_PARAMS", idColumn: "SERDE_ID", id: serDe, ["path": t.location], on: c)
        }
        if let cd = ids.columns {
            try c.execute(#"DELETE FROM "COLUMNS_V2" WHERE "CD_ID" = $1"#, [cd])
            try insertColumns(t, cd: cd, on: c)
        }
        try c.execute(#"DELETE FROM "PARTITION_KEYS" WHERE "TBL_ID" = $1"#, [ids.table])
        try insertPartitionKeys(t, tableID: ids.table, on: c)
        let desired = CatalogProperties.managed(t, ddlTime: ddlTime).merging(t.properties) { a, _ in a }
        let existing = try params("TABLE_PARAMS", idColumn: "TBL_ID", id: ids.table, on: c)
        let stale = existing.keys.filter { desired[$0] == nil && (CatalogProperties.isManaged($0) || !CatalogProperties.isReserved($0)) }
        if !stale.isEmpty {
            try c.execute(#"DELETE FROM "TABLE_PARAMS" WHERE "TBL_ID" = $1 AND "PARAM_KEY" = ANY($2::text[])"#,
                          [ids.table, PGTextArray(stale)])
        }
        try upsertParams("TABLE_PARAMS", idColumn: "TBL_ID", id: ids.table, desired, on: c)
    }

    /// A table record from its rows: schema from the Spark JSON when present, else from `COLUMNS_V2` and
    /// `PARTITION_KEYS` (a Hive serde table written by another tool).
    static func readTable(_ database: String, _ name: String, ids: TableIDs, on c: borrowing PGConnection) throws -> TableRecord {
        let r = try c.execute(#"""
            SELECT t."OWNER", t."CREATE_TIME", s."LOCATION" FROM "TBLS" t LEFT JOIN "SDS" s ON t."SD_ID" = s."SD_ID" WHERE t."TBL_ID" = $1
            """#, [ids.table])
        guard r.rowCount > 0 else { throw MetastoreError.tableNotFound(database: database, table: name) }
        let params = try self.params("TABLE_PARAMS", idColumn: "TBL_ID", id: ids.table, on: c)
        let serDeParams = try ids.serDe.map { id throws in try self.params("SERDE_PARAMS", idColumn: "SERDE_ID", id: id, on: c) } ?? [:]
        let keys = try c.execute(#"SELECT "PKEY_NAME", "PKEY_TYPE", "PKEY_COMMENT" FROM "PARTITION_KEYS" WHERE "TBL_ID" = $1 ORDER BY "INTEGER_IDX""#, [ids.table])
        var partitionKeys: [CatalogColumn] = []
        for i in 0..<keys.rowCount {
            partitionKeys.append(CatalogColumn(name: try keys.requiredString(row: i, column: 0),
                                        type: try ColumnType(hiveName: try keys.requiredString(row: i, column: 1)),
                                        comment: try keys.string(row: i, column: 2)))
        }
        var columns: [CatalogColumn]
        if let json = try CatalogProperties.schemaJSON(params) {
            columns = try SparkSchemaJSON.decode(json)
        } else {
            columns = []
            if let cd = ids.columns {
                let cols = try c.execute(#"SELECT "COLUMN_NAME", "TYPE_NAME", "COMMENT" FROM "COLUMNS_V2" WHERE "CD_ID" = $1 ORDER BY "INTEGER_IDX""#, [cd])
                for i in 0..<cols.rowCount {
                    columns.append(CatalogColumn(name: try cols.requiredString(row: i, column: 0),
                                          type: try ColumnType(hiveName: try cols.string(row: i, column: 1) ?? ""),
                                          comment: try cols.string(row: i, column: 2)))
                }
            }
            columns += partitionKeys
        }
        let partitionColumns = try CatalogProperties.partitionColumns(params) ?? partitionKeys.map(\.name)
        let format: DataFormat = params[CatalogProperties.provider].map { DataFormat(provider: $0) } ?? .foreign(provider: "hive")
        let storedLocation = try r.string(row: 0, column: 2)
        return TableRecord(
            database: database, name: name, location: serDeParams["path"] ?? storedLocation ?? "",
            format: format, columns: columns, partitionColumns: partitionColumns, properties: CatalogProperties.user(params),
            deltaVersion: params[CatalogProperties.deltaVersion].flatMap { Int64($0) },
            owner: try r.string(row: 0, column: 0) ?? "", createTime: try r.int64(row: 0, column: 1) ?? 0)
    }

    /// Deletes a table and everything hanging off it, children first.
    static func deleteTable(_ id: Int64, present: Set<String>, on c: borrowing PGConnection) throws {
        let r = try c.execute(#"""
            SELECT s."SD_ID", s."CD_ID", s."SERDE_ID" FROM "SDS" s
            WHERE s."SD_ID" IN (SELECT "SD_ID" FROM "TBLS" WHERE "TBL_ID" = $1 UNION SELECT "SD_ID" FROM "PARTITIONS" WHERE "TBL_ID" = $1)
            """#, [id])
        var storage: [String] = [], columns = Set<String>(), serDes: [String] = []
        for i in 0..<r.rowCount {
            if let sd = try r.string(row: i, column: 0) { storage.append(sd) }
            if let cd = try r.string(row: i, column: 1) { columns.insert(cd) }
            if let s = try r.string(row: i, column: 2) { serDes.append(s) }
        }
        let parts = #""PART_ID" IN (SELECT "PART_ID" FROM "PARTITIONS" WHERE "TBL_ID" = $1)"#
        try deleteRows(present, on: c, [
            ("PARTITION_KEY_VALS", parts), ("PARTITION_PARAMS", parts), ("PART_PRIVS", parts), ("PART_COL_PRIVS", parts),
            ("PART_COL_STATS", parts), ("PARTITIONS", #""TBL_ID" = $1"#),
            ("TABLE_PARAMS", #""TBL_ID" = $1"#), ("PARTITION_KEYS", #""TBL_ID" = $1"#), ("TBL_PRIVS", #""TBL_ID" = $1"#),
            ("TBL_COL_PRIVS", #""TBL_ID" = $1"#), ("TAB_COL_STATS", #""TBL_ID" = $1"#), ("TBLS", #""TBL_ID" = $1"#),
        ], id)
        let sds = PGTextArray(storage)
        let anySD = #""SD_ID" = ANY($1::text[]::bigint[])"#
        try deleteRows(present, on: c, [
            ("SD_PARAMS", anySD), ("BUCKETING_COLS", anySD), ("SORT_COLS", anySD), ("SKEWED_COL_NAMES", anySD),
            ("SKEWED_COL_VALUE_LOC_MAP", anySD), ("SKEWED_VALUES", #""SD_ID_OID" = ANY($1::text[]::bigint[])"#), ("SDS", anySD),
        ], sds)
        let anySerDe = #""SERDE_ID" = ANY($1::text[]::bigint[])"#
        try deleteRows(present, on: c, [("SERDE_PARAMS", anySerDe), ("SERDES", anySerDe)], PGTextArray(serDes))
        // A column descriptor may be shared with other storage descriptors; keep it while any remains.
        try c.execute(#"""
            DELETE FROM "COLUMNS_V2" WHERE "CD_ID" = ANY($1::text[]::bigint[]) AND "CD_ID" NOT IN (SELECT "CD_ID" FROM "SDS" WHERE "CD_ID" IS NOT NULL)
            """#, [PGTextArray(Array(columns))])
        try c.execute(#"""
            DELETE FROM "CDS" WHERE "CD_ID" = ANY($1::text[]::bigint[]) AND "CD_ID" NOT IN (SELECT "CD_ID" FROM "SDS" WHERE "CD_ID" IS NOT NULL)
            """#, [PGTextArray(Array(columns))])
    }

    // MARK: helpers

    /// `COLUMNS_V2` for `t`. Datasource tables get Spark's placeholder column (Spark ignores the real
    /// columns there and a Hive reader must not try to read the files); Hive serde tables their columns.
    private static func insertColumns(_ t: TableRecord, cd: Int64, on c: borrowing PGConnection) throws {
        let columns: [CatalogColumn] = t.format.isHiveSerDe
            ? t.dataColumns
            : [CatalogColumn(name: "col", type: .array(element: .string, containsNull: true), comment: "from deserializer")]
        try c.execute(#"""
            INSERT INTO "COLUMNS_V2" ("CD_ID", "COMMENT", "COLUMN_NAME", "TYPE_NAME", "INTEGER_IDX")
            SELECT $1, x.comment, x.name, x.type, x.idx - 1 FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS x(comment, name, type, idx)
            """#, [cd, PGTextArray(columns.map(\.comment)), PGTextArray(columns.map { $0.name.lowercased() }), PGTextArray(columns.map(\.type.hiveName))])
    }

    private static func insertPartitionKeys(_ t: TableRecord, tableID: Int64, on c: borrowing PGConnection) throws {
        let keys = t.partitionColumnDefinitions
        guard !keys.isEmpty else { return }
        try c.execute(#"""
            INSERT INTO "PARTITION_KEYS" ("TBL_ID", "PKEY_COMMENT", "PKEY_NAME", "PKEY_TYPE", "INTEGER_IDX")
            SELECT $1, x.comment, x.name, x.type, x.idx - 1 FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS x(comment, name, type, idx)
            """#, [tableID, PGTextArray(keys.map(\.comment)), PGTextArray(keys.map { $0.name.lowercased() }), PGTextArray(keys.map(\.type.hiveName))])
    }

    /// `table` and `idColumn` are constants of this file, never caller input.
    private static func insertParams(_ table: String, idColumn: String, id: Int64, _ params: [String: String], on c: borrowing PGConnection) throws {
        guard !params.isEmpty else { return }
        let sorted = params.sorted { $0.key < $1.key }
        try c.execute(#"INSERT INTO "\#(table)" ("\#(idColumn)", "PARAM_KEY", "PARAM_VALUE") SELECT $1, k, v FROM unnest($2::text[], $3::text[]) AS x(k, v)"#,
                      [id, PGTextArray(sorted.map(\.key)), PGTextArray(sorted.map(\.value))])
    }

    private static func upsertParams(_ table: String, idColumn: String, id: Int64, _ params: [String: String], on c: borrowing PGConnection) throws {
        guard !params.isEmpty else { return }
        let sorted = params.sorted { $0.key < $1.key }
        try c.execute(#"""
            INSERT INTO "\#(table)" ("\#(idColumn)", "PARAM_KEY", "PARAM_VALUE") SELECT $1, k, v FROM unnest($2::text[], $3::text[]) AS x(k, v)
            ON CONFLICT ("\#(idColumn)", "PARAM_KEY") DO UPDATE SET "PARAM_VALUE" = EXCLUDED."PARAM_VALUE"
            """#, [id, PGTextArray(sorted.map(\.key)), PGTextArray(sorted.map(\.value))])
    }

    static func params(_ table: String, idColumn: String, id: Int64, on c: borrowing PGConnection) throws -> [String: String] {
        let r = try c.execute(#"SELECT "PARAM_KEY", "PARAM_VALUE" FROM "\#(table)" WHERE "\#(idColumn)" = $1"#, [id])
        var out: [String: String] = [:]
        for i in 0..<r.rowCount { out[try r.requiredString(row: i, column: 0)] = try r.string(row: i, column: 1) ?? "" }
        return out
    }

    /// Runs `DELETE FROM table WHERE condition` for each pair whose table exists in this schema.
    private static func deleteRows(_ present: Set<String>, on c: borrowing PGConnection, _ deletes: [(String, String)], _ argument: any PGEncodable) throws {
        for (table, condition) in deletes where present.contains(table) {
            try c.execute(#"DELETE FROM "\#(table)" WHERE "# + condition, [argument])
        }
    }
}
