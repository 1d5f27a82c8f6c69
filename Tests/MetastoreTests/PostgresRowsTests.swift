import Foundation
import Metastore
import PostgresClient
import Testing

/// The rows PostgresMetastore writes, checked one by one against what Spark needs
/// (/work/shared/docs/hive-metastore.md, summarised in docs/METASTORE.md).
@Suite struct PostgresRowsTests {
    static let model = "org.apache.hadoop.hive.metastore.model."

    @Test func freshDatabaseGetsSchemaVersionAndDefault() throws {
        guard let scratch = try Scratch(.postgres) else { return }
        _ = try scratch.open()
        _ = try scratch.open() // a second open uses what is there
        let c = try scratch.connect()
        let tables = try c.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
        #expect(try tables.int64(row: 0, column: 0) ?? 0 >= 45)
        let v = try c.execute(#"SELECT "VER_ID", "SCHEMA_VERSION", "VERSION_COMMENT" FROM "VERSION""#)
        #expect(v.rowCount == 1)
        #expect(try v.int64(row: 0, column: 0) == 1)
        #expect(try v.string(row: 0, column: 1) == "2.3.0")
        #expect(try v.string(row: 0, column: 2) == "Hive release version 2.3.0")
        let d = try c.execute(#"SELECT "NAME", "DESC", "DB_LOCATION_URI", "OWNER_NAME", "OWNER_TYPE" FROM "DBS""#)
        #expect(d.rowCount == 1)
        #expect(try row(d, 0) == ["default", "Default Hive database", "file:" + scratch.warehouse, "public", "ROLE"])
    }

    @Test func everyRowMatchesWhatSparkReads() throws {
        guard let scratch = try Scratch(.postgres) else { return }
        let ms = try scratch.open()
        try ms.createDatabase("lake", location: nil, comment: "ingested", properties: ["team": "data"])
        let location = scratch.warehouse + "/commcare/d/case/t"
        let before = Int64(Date().timeIntervalSince1970)
        let record = try ms.createTable(sampleDefinition("lake", "cases", location: location))
        let uri = "file:" + location
        let c = try scratch.connect()

        let db = try c.execute(#"SELECT "DB_ID", "NAME", "DESC", "DB_LOCATION_URI", "OWNER_NAME", "OWNER_TYPE" FROM "DBS" WHERE "NAME" = 'lake'"#)
        #expect(try Array(row(db, 0).dropFirst()) == ["lake", "ingested", "file:\(scratch.warehouse)/lake.db", record.owner, "USER"])
        let dbID = try db.int64(row: 0, column: 0) ?? -1
        #expect(try pairs(c, #"SELECT "PARAM_KEY", "PARAM_VALUE" FROM "DATABASE_PARAMS" WHERE "DB_ID" = $1"#, dbID) == ["team": "data"])

        let t = try c.execute(#"""
            SELECT "TBL_ID", "DB_ID", "SD_ID", "TBL_NAME", "TBL_TYPE", "OWNER", "CREATE_TIME", "LAST_ACCESS_TIME", "RETENTION",
                   "IS_REWRITE_ENABLED", "VIEW_EXPANDED_TEXT", "VIEW_ORIGINAL_TEXT" FROM "TBLS"
            """#)
        #expect(t.rowCount == 1)
        let tblID = try t.int64(row: 0, column: 0) ?? -1
        let sdID = try t.int64(row: 0, column: 2) ?? -1
        #expect(try t.int64(row: 0, column: 1) == dbID)
        #expect(try Array(row(t, 0)[3...5]) == ["cases", "EXTERNAL_TABLE", record.owner])
        #expect(try (t.int64(row: 0, column: 6) ?? 0) >= before)
        #expect(try row(t, 0)[7...] == ["0", "0", "f", nil, nil])

        let sd = try c.execute(#"""
            SELECT "CD_ID", "SERDE_ID", "INPUT_FORMAT", "OUTPUT_FORMAT", "LOCATION", "IS_COMPRESSED", "IS_STOREDASSUBDIRECTORIES", "NUM_BUCKETS"
            FROM "SDS" WHERE "SD_ID" = $1
            """#, [sdID])
        #expect(try Array(row(sd, 0)[2...]) == [
            "org.apache.hadoop.mapred.SequenceFileInputFormat", "org.apache.hadoop.hive.ql.io.HiveSequenceFileOutputFormat",
            uri, "f", "f", "-1",
        ])
        let cdID = try sd.int64(row: 0, column: 0) ?? -1
        let serdeID = try sd.int64(row: 0, column: 1) ?? -1
        #expect(try c.execute(#"SELECT 1 FROM "CDS" WHERE "CD_ID" = $1"#, [cdID]).rowCount == 1)
        // A datasource table's real schema lives in the properties; COLUMNS_V2 holds Spark's placeholder.
        let cols = try c.execute(#"SELECT "COLUMN_NAME", "TYPE_NAME", "COMMENT", "INTEGER_IDX" FROM "COLUMNS_V2" WHERE "CD_ID" = $1"#, [cdID])
        #expect(cols.rowCount == 1)
        #expect(try row(cols, 0) == ["col", "array<string>", "from deserializer", "0"])
        let serde = try c.execute(#"SELECT "NAME", "SLIB" FROM "SERDES" WHERE "SERDE_ID" = $1"#, [serdeID])
        #expect(try row(serde, 0) == [nil, "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"])
        #expect(try pairs(c, #"SELECT "PARAM_KEY", "PARAM_VALUE" FROM "SERDE_PARAMS" WHERE "SERDE_ID" = $1"#, serdeID)
                == ["serialization.format": "1", "path": uri])

        let keys = try c.execute(#"SELECT "PKEY_NAME", "PKEY_TYPE", "PKEY_COMMENT", "INTEGER_IDX" FROM "PARTITION_KEYS" WHERE "TBL_ID" = $1"#, [tblID])
        #expect(keys.rowCount == 1)
        #expect(try row(keys, 0) == ["month", "date", nil, "0"])

        var params = try pairs(c, #"SELECT "PARAM_KEY", "PARAM_VALUE" FROM "TABLE_PARAMS" WHERE "TBL_ID" = $1"#, tblID)
        let ddlTime = Int64(params.removeValue(forKey: "transient_lastDdlTime") ?? "") ?? 0
        #expect(ddlTime >= before)
        #expect(params == [
            "EXTERNAL": "TRUE",
            "spark.sql.sources.provider": "delta",
            "spark.sql.create.version": "4.3.0",
            "spark.sql.sources.schema": #"{"type":"struct","fields":[{"name":"_id","type":"string","nullable":false,"metadata":{"comment":"record id"}},{"name":"Score","type":"double","nullable":true,"metadata":{}},{"name":"tags","type":{"type":"array","elementType":"string","containsNull":true},"nullable":true,"metadata":{}},{"name":"month","type":"date","nullable":true,"metadata":{}}]}"#,
            "spark.sql.sources.schema.numPartCols": "1",
            "spark.sql.sources.schema.partCol.0": "month",
            "swiftlake.format": "parquet",
            "swiftlake.delta.version": "3",
            "owner.team": "data",
        ])

        // SEQUENCE_TABLE is ahead of every id in use, so Spark's next block cannot collide.
        for (cls, table, column) in [("MDatabase", "DBS", "DB_ID"), ("MTable", "TBLS", "TBL_ID"), ("MStorageDescriptor", "SDS", "SD_ID"),
                                     ("MSerDeInfo", "SERDES", "SERDE_ID"), ("MColumnDescriptor", "CDS", "CD_ID")] {
            let next = try c.execute(#"SELECT "NEXT_VAL" FROM "SEQUENCE_TABLE" WHERE "SEQUENCE_NAME" = $1"#, [Self.model + cls]).int64(row: 0, column: 0) ?? 0
            let maxID = try c.execute(#"SELECT max("\#(column)") FROM "\#(table)""#).int64(row: 0, column: 0) ?? 0
            #expect(next > maxID, "\(cls)")
        }

        // A swiftlake-format table differs only in its provider and format keys.
        try ms.createTable(sampleDefinition("lake", "native", location: location + "2", format: .columnar))
        let native = try c.execute(#"SELECT "TBL_ID" FROM "TBLS" WHERE "TBL_NAME" = 'native'"#).int64(row: 0, column: 0) ?? -1
        let nativeParams = try pairs(c, #"SELECT "PARAM_KEY", "PARAM_VALUE" FROM "TABLE_PARAMS" WHERE "TBL_ID" = $1"#, native)
        #expect(nativeParams["spark.sql.sources.provider"] == "swiftlake")
        #expect(nativeParams["swiftlake.format"] == "columnar")
    }

    @Test func idsFollowSequenceTable() throws {
        guard let scratch = try Scratch(.postgres) else { return }
        let ms = try scratch.open()
        let c = try scratch.connect()
        let mtable = Self.model + "MTable"
        func tableID(_ name: String) throws -> Int64 {
            try c.execute(#"SELECT "TBL_ID" FROM "TBLS" WHERE "TBL_NAME" = $1"#, [name]).int64(row: 0, column: 0) ?? -1
        }
        func nextVal() throws -> Int64? {
            let r = try c.execute(#"SELECT "NEXT_VAL" FROM "SEQUENCE_TABLE" WHERE "SEQUENCE_NAME" = $1"#, [mtable])
            return r.rowCount == 0 ? nil : try r.int64(row: 0, column: 0)
        }
        // Row missing on a fresh schema: starts after max(id), i.e. at 1.
        #expect(try nextVal() == nil)
        try ms.createTable(sampleDefinition("default", "t1", location: "/w/t1"))
        #expect(try tableID("t1") == 1)
        #expect(try nextVal() == 2)
        // Row present and ahead (a Spark reserved 2…99): the next id is NEXT_VAL.
        try c.execute(#"UPDATE "SEQUENCE_TABLE" SET "NEXT_VAL" = 100 WHERE "SEQUENCE_NAME" = $1"#, [mtable])
        try ms.createTable(sampleDefinition("default", "t2", location: "/w/t2"))
        #expect(try tableID("t2") == 100)
        #expect(try nextVal() == 101)
        // Row deleted: recreated from max(id) + 1, as DataNucleus does.
        try c.execute(#"DELETE FROM "SEQUENCE_TABLE" WHERE "SEQUENCE_NAME" = $1"#, [mtable])
        try ms.createTable(sampleDefinition("default", "t3", location: "/w/t3"))
        #expect(try tableID("t3") == 101)
        #expect(try nextVal() == 102)
        // Advanced by someone else between two creates (a Spark took the block 102…106): never reused.
        try c.execute(#"UPDATE "SEQUENCE_TABLE" SET "NEXT_VAL" = "NEXT_VAL" + 5 WHERE "SEQUENCE_NAME" = $1"#, [mtable])
        try ms.createTable(sampleDefinition("default", "t4", location: "/w/t4"))
        #expect(try tableID("t4") == 107)
        #expect(try nextVal() == 108)
        // A naive writer that used max+1 beyond NEXT_VAL is skipped rather than collided with.
        try c.execute(#"UPDATE "SEQUENCE_TABLE" SET "NEXT_VAL" = 50 WHERE "SEQUENCE_NAME" = $1"#, [mtable])
        try ms.createTable(sampleDefinition("default", "t5", location: "/w/t5"))
        #expect(try tableID("t5") == 108)
        #expect(try nextVal() == 109)
    }

    @Test func longSchemaIsSplitAndReadBack() throws {
        guard let scratch = try Scratch(.postgres) else { return }
        let ms = try scratch.open()
        var def = sampleDefinition("default", "wide", location: "/w/wide")
        def.columns = (0..<120).map { CatalogColumn(name: "form__question_group__answer_\($0)", type: $0 % 2 == 0 ? .string : .long) }
        def.partitionColumns = []
        let json = SparkSchemaJSON.encode(def.columns)
        #expect(json.count > 8000)
        let created = try ms.createTable(def)
        let c = try scratch.connect()
        let id = try c.execute(#"SELECT "TBL_ID" FROM "TBLS" WHERE "TBL_NAME" = 'wide'"#).int64(row: 0, column: 0) ?? -1
        let params = try pairs(c, #"SELECT "PARAM_KEY", "PARAM_VALUE" FROM "TABLE_PARAMS" WHERE "TBL_ID" = $1"#, id)
        #expect(params["spark.sql.sources.schema"] == nil)
        let n = Int(params["spark.sql.sources.schema.numParts"] ?? "") ?? 0
        #expect(n == (json.count + 3999) / 4000)
        let parts = (0..<n).map { params["spark.sql.sources.schema.part.\($0)"] ?? "" }
        #expect(parts.dropLast().allSatisfy { $0.count == 4000 })
        #expect(parts.joined() == json)
        #expect(try ms.table("default", "wide") == created)
        // Shrinking the schema removes every part key and stores one key again.
        let narrow = try ms.setSchema("default", "wide", columns: [CatalogColumn(name: "a", type: .string)], partitionColumns: [])
        let after = try pairs(c, #"SELECT "PARAM_KEY", "PARAM_VALUE" FROM "TABLE_PARAMS" WHERE "TBL_ID" = $1"#, id)
        #expect(after.keys.filter { $0.hasPrefix("spark.sql.sources.schema.") }.isEmpty)
        #expect(after["spark.sql.sources.schema"] == SparkSchemaJSON.encode(narrow.columns))
    }

    @Test func otherToolsPropertiesSurviveAlter() throws {
        guard let scratch = try Scratch(.postgres) else { return }
        let ms = try scratch.open()
        try ms.createTable(sampleDefinition("default", "t", location: "/w/t"))
        let c = try scratch.connect()
        let id = try c.execute(#"SELECT "TBL_ID" FROM "TBLS" WHERE "TBL_NAME" = 't'"#).int64(row: 0, column: 0) ?? -1
        try c.execute(#"INSERT INTO "TABLE_PARAMS" ("TBL_ID", "PARAM_KEY", "PARAM_VALUE") VALUES ($1, 'spark.sql.statistics.numRows', '42')"#, [id])
        try ms.setProperties("default", "t", ["x": "1"])
        let params = try pairs(c, #"SELECT "PARAM_KEY", "PARAM_VALUE" FROM "TABLE_PARAMS" WHERE "TBL_ID" = $1"#, id)
        #expect(params["spark.sql.statistics.numRows"] == "42")
        #expect(params["x"] == "1")
        #expect(try ms.table("default", "t").properties == ["owner.team": "data", "x": "1"])
    }

    @Test func lostConnectionsResume() throws {
        guard let scratch = try Scratch(.postgres), let dbName = scratch.databaseName, let admin = try scratch.adminConnection() else { return }
        let ms = try scratch.open(retry: RetryPolicy(maxAttempts: 40, initialDelay: .milliseconds(20), maxDelay: .milliseconds(500)))
        try ms.createDatabase("lake")
        // The server ends every session of the scratch database, as a restart would, and for a while
        // refuses new ones. Only this database is touched: other suites share the server.
        try admin.execute("ALTER DATABASE \(dbName) ALLOW_CONNECTIONS false")
        let killed = try admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [dbName])
        #expect(killed.rowCount >= 1)
        let reopen = Thread {
            Thread.sleep(forTimeInterval: 0.5)
            if let again = try? scratch.adminConnection() {
                _ = try? again.execute("ALTER DATABASE \(dbName) ALLOW_CONNECTIONS true")
            }
        }
        reopen.start()
        let t = try ms.createTable(sampleDefinition("lake", "after_restart", location: "/w/a"))
        #expect(try ms.table("lake", "after_restart") == t)
        // And once more with connections allowed throughout.
        try admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [dbName])
        #expect(try ms.tables(in: "lake") == ["after_restart"])
        try ms.dropTable("lake", "after_restart", purge: false)
        #expect(try ms.tables(in: "lake") == [])
    }

    private func row(_ r: borrowing PGResult, _ i: Int) throws -> [String?] {
        try (0..<r.columnCount).map { try r.string(row: i, column: $0) }
    }

    private func pairs(_ c: borrowing PGConnection, _ sql: String, _ id: Int64) throws -> [String: String] {
        let r = try c.execute(sql, [id])
        var out: [String: String] = [:]
        for i in 0..<r.rowCount { out[try r.requiredString(row: i, column: 0)] = try r.string(row: i, column: 1) }
        return out
    }
}
