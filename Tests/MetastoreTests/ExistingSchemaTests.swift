import Foundation
import Metastore
import PostgresClient
import Synchronization
import Testing

/// PostgresMetastore on a Hive schema somebody else made.
@Suite struct ExistingSchemaTests {
    /// The core of a schema as DataNucleus auto-creation makes it (observed for Spark 4.3 / Hive 2.3.10):
    /// `integer` times, `varchar(32672)` values, other column orders, `*_PK` names, deferred FKs, no VERSION row.
    static let dataNucleusDDL = [
        #"CREATE TABLE "VERSION" ("VER_ID" bigint NOT NULL, "SCHEMA_VERSION" varchar(127) NOT NULL, "VERSION_COMMENT" varchar(255) NOT NULL, CONSTRAINT "VERSION_PK" PRIMARY KEY ("VER_ID"))"#,
        #"CREATE TABLE "SEQUENCE_TABLE" ("SEQUENCE_NAME" varchar(255) NOT NULL, "NEXT_VAL" bigint NOT NULL, CONSTRAINT "SEQUENCE_TABLE_PK" PRIMARY KEY ("SEQUENCE_NAME"))"#,
        #"CREATE TABLE "DBS" ("DB_ID" bigint NOT NULL, "NAME" varchar(128), "OWNER_TYPE" varchar(10), "OWNER_NAME" varchar(128), "DESC" varchar(4000), "DB_LOCATION_URI" varchar(4000) NOT NULL, CONSTRAINT "DBS_PK" PRIMARY KEY ("DB_ID"), CONSTRAINT "UNIQUE_DATABASE" UNIQUE ("NAME"))"#,
        #"CREATE TABLE "DATABASE_PARAMS" ("PARAM_VALUE" varchar(4000), "PARAM_KEY" varchar(180) NOT NULL, "DB_ID" bigint NOT NULL, CONSTRAINT "DATABASE_PARAMS_PK" PRIMARY KEY ("DB_ID", "PARAM_KEY"), CONSTRAINT "DATABASE_PARAMS_FK1" FOREIGN KEY ("DB_ID") REFERENCES "DBS" ("DB_ID") DEFERRABLE INITIALLY DEFERRED)"#,
        #"CREATE TABLE "CDS" ("CD_ID" bigint NOT NULL, CONSTRAINT "CDS_PK" PRIMARY KEY ("CD_ID"))"#,
        #"CREATE TABLE "COLUMNS_V2" ("INTEGER_IDX" integer NOT NULL, "TYPE_NAME" varchar(32672) NOT NULL, "COLUMN_NAME" varchar(767) NOT NULL, "COMMENT" varchar(256), "CD_ID" bigint NOT NULL, CONSTRAINT "COLUMNS_PK" PRIMARY KEY ("CD_ID", "COLUMN_NAME"), CONSTRAINT "COLUMNS_V2_FK1" FOREIGN KEY ("CD_ID") REFERENCES "CDS" ("CD_ID") DEFERRABLE INITIALLY DEFERRED)"#,
        #"CREATE TABLE "SERDES" ("SLIB" varchar(4000), "NAME" varchar(128), "SERDE_ID" bigint NOT NULL, CONSTRAINT "SERDES_PK" PRIMARY KEY ("SERDE_ID"))"#,
        #"CREATE TABLE "SERDE_PARAMS" ("PARAM_VALUE" varchar(32672), "PARAM_KEY" varchar(256) NOT NULL, "SERDE_ID" bigint NOT NULL, CONSTRAINT "SERDE_PARAMS_PK" PRIMARY KEY ("SERDE_ID", "PARAM_KEY"), CONSTRAINT "SERDE_PARAMS_FK1" FOREIGN KEY ("SERDE_ID") REFERENCES "SERDES" ("SERDE_ID") DEFERRABLE INITIALLY DEFERRED)"#,
        #"CREATE TABLE "SDS" ("SD_ID" bigint NOT NULL, "SERDE_ID" bigint, "OUTPUT_FORMAT" varchar(4000), "NUM_BUCKETS" integer NOT NULL, "LOCATION" varchar(4000), "IS_STOREDASSUBDIRECTORIES" boolean NOT NULL, "IS_COMPRESSED" boolean NOT NULL, "INPUT_FORMAT" varchar(4000), "CD_ID" bigint, CONSTRAINT "SDS_PK" PRIMARY KEY ("SD_ID"), CONSTRAINT "SDS_FK1" FOREIGN KEY ("SERDE_ID") REFERENCES "SERDES" ("SERDE_ID") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "SDS_FK2" FOREIGN KEY ("CD_ID") REFERENCES "CDS" ("CD_ID") DEFERRABLE INITIALLY DEFERRED)"#,
        #"CREATE TABLE "TBLS" ("VIEW_ORIGINAL_TEXT" text, "VIEW_EXPANDED_TEXT" text, "TBL_TYPE" varchar(128), "TBL_NAME" varchar(256), "SD_ID" bigint, "RETENTION" integer NOT NULL, "OWNER" varchar(767), "LAST_ACCESS_TIME" integer NOT NULL, "IS_REWRITE_ENABLED" boolean NOT NULL, "DB_ID" bigint, "CREATE_TIME" integer NOT NULL, "TBL_ID" bigint NOT NULL, CONSTRAINT "TBLS_PK" PRIMARY KEY ("TBL_ID"), CONSTRAINT "UNIQUETABLE" UNIQUE ("TBL_NAME", "DB_ID"), CONSTRAINT "TBLS_FK1" FOREIGN KEY ("DB_ID") REFERENCES "DBS" ("DB_ID") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "TBLS_FK2" FOREIGN KEY ("SD_ID") REFERENCES "SDS" ("SD_ID") DEFERRABLE INITIALLY DEFERRED)"#,
        #"CREATE TABLE "TABLE_PARAMS" ("PARAM_VALUE" varchar(32672), "PARAM_KEY" varchar(256) NOT NULL, "TBL_ID" bigint NOT NULL, CONSTRAINT "TABLE_PARAMS_PK" PRIMARY KEY ("TBL_ID", "PARAM_KEY"), CONSTRAINT "TABLE_PARAMS_FK1" FOREIGN KEY ("TBL_ID") REFERENCES "TBLS" ("TBL_ID") DEFERRABLE INITIALLY DEFERRED)"#,
        #"CREATE TABLE "PARTITION_KEYS" ("PKEY_TYPE" varchar(767) NOT NULL, "PKEY_NAME" varchar(128) NOT NULL, "PKEY_COMMENT" varchar(4000), "INTEGER_IDX" integer NOT NULL, "TBL_ID" bigint NOT NULL, CONSTRAINT "PARTITION_KEY_PK" PRIMARY KEY ("TBL_ID", "PKEY_NAME"), CONSTRAINT "PARTITION_KEYS_FK1" FOREIGN KEY ("TBL_ID") REFERENCES "TBLS" ("TBL_ID") DEFERRABLE INITIALLY DEFERRED)"#,
        #"CREATE TABLE "PARTITIONS" ("PART_ID" bigint NOT NULL, "TBL_ID" bigint, "SD_ID" bigint, "PART_NAME" varchar(767), "LAST_ACCESS_TIME" integer NOT NULL, "CREATE_TIME" integer NOT NULL, CONSTRAINT "PARTITIONS_PK" PRIMARY KEY ("PART_ID"), CONSTRAINT "UNIQUEPARTITION" UNIQUE ("PART_NAME", "TBL_ID"))"#,
        #"CREATE TABLE "TBL_PRIVS" ("TBL_GRANT_ID" bigint NOT NULL, "TBL_PRIV" varchar(128), "TBL_ID" bigint, "PRINCIPAL_TYPE" varchar(128), "PRINCIPAL_NAME" varchar(128), "GRANTOR_TYPE" varchar(128), "GRANTOR" varchar(128), "GRANT_OPTION" smallint NOT NULL, "CREATE_TIME" integer NOT NULL, CONSTRAINT "TBL_PRIVS_PK" PRIMARY KEY ("TBL_GRANT_ID"))"#,
        // What one read-only Spark session writes on start-up.
        #"INSERT INTO "DBS" ("DB_ID", "NAME", "DESC", "DB_LOCATION_URI", "OWNER_NAME", "OWNER_TYPE") VALUES (1, 'default', 'Default Hive database', 'file:/spark/warehouse', 'public', 'ROLE')"#,
        #"INSERT INTO "SEQUENCE_TABLE" ("SEQUENCE_NAME", "NEXT_VAL") VALUES ('org.apache.hadoop.hive.metastore.model.MDatabase', 6)"#,
    ]

    @Test func dataNucleusMadeSchema() throws {
        guard let scratch = try Scratch(.postgres) else { return }
        let c = try scratch.connect()
        for statement in Self.dataNucleusDDL { try c.execute(statement) }
        let ms = try scratch.open()
        // Spark's default database is used, not replaced; the VERSION row a verifying Hive needs is added.
        #expect(try ms.database("default").location == "file:/spark/warehouse")
        #expect(try c.execute(#"SELECT "SCHEMA_VERSION" FROM "VERSION""#).string(row: 0, column: 0) == "2.3.0")
        let db = try ms.createDatabase("lake")
        #expect(try c.execute(#"SELECT "DB_ID" FROM "DBS" WHERE "NAME" = 'lake'"#).int64(row: 0, column: 0) == 6)
        #expect(db.name == "lake")
        let t = try ms.createTable(sampleDefinition("lake", "t", location: "/w/t"))
        #expect(try ms.table("lake", "t") == t)
        let evolved = try ms.setSchema("lake", "t", columns: t.columns + [CatalogColumn(name: "extra", type: .long)], partitionColumns: ["month"])
        #expect(try ms.table("lake", "t") == evolved)
        try ms.renameTable("lake", "t", to: "u")
        try ms.dropDatabase("lake", cascade: true)
        #expect(try c.execute(#"SELECT count(*) FROM "TBLS""#).int64(row: 0, column: 0) == 0)
        #expect(try c.execute(#"SELECT count(*) FROM "SDS""#).int64(row: 0, column: 0) == 0)
        #expect(try c.execute(#"SELECT count(*) FROM "CDS""#).int64(row: 0, column: 0) == 0)
    }

    @Test func hiveSerdeTableWrittenByAnotherToolIsRead() throws {
        guard let scratch = try Scratch(.postgres) else { return }
        let ms = try scratch.open()
        let c = try scratch.connect()
        // The rows of a Hive serde table (no provider, columns only in COLUMNS_V2), as section 10 of the facts describes.
        try c.transaction { (tx: borrowing PGConnection) throws in
            try tx.execute(#"INSERT INTO "CDS" ("CD_ID") VALUES (900)"#)
            try tx.execute(#"INSERT INTO "COLUMNS_V2" ("CD_ID", "COLUMN_NAME", "TYPE_NAME", "COMMENT", "INTEGER_IDX") VALUES (900, 'a', 'string', NULL, 0), (900, 'c', 'timestamp', 'when', 1)"#)
            try tx.execute(#"INSERT INTO "SERDES" ("SERDE_ID", "SLIB") VALUES (900, 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe')"#)
            try tx.execute(#"INSERT INTO "SDS" ("SD_ID", "CD_ID", "SERDE_ID", "LOCATION", "IS_COMPRESSED", "IS_STOREDASSUBDIRECTORIES", "NUM_BUCKETS") VALUES (900, 900, 900, 'file:/h/t', false, false, -1)"#)
            try tx.execute(#"INSERT INTO "TBLS" ("TBL_ID", "DB_ID", "SD_ID", "TBL_NAME", "TBL_TYPE", "OWNER", "CREATE_TIME", "LAST_ACCESS_TIME", "RETENTION", "IS_REWRITE_ENABLED") SELECT 900, "DB_ID", 900, 'hive_t', 'EXTERNAL_TABLE', 'spark', 1700000000, 0, 0, false FROM "DBS" WHERE "NAME" = 'default'"#)
            try tx.execute(#"INSERT INTO "PARTITION_KEYS" ("TBL_ID", "PKEY_NAME", "PKEY_TYPE", "INTEGER_IDX") VALUES (900, 'b', 'bigint', 0)"#)
        }
        let t = try ms.table("default", "hive_t")
        #expect(t.format == .foreign(provider: "hive"))
        #expect(t.location == "file:/h/t")
        #expect(t.columns == [CatalogColumn(name: "a", type: .string), CatalogColumn(name: "c", type: .timestamp, comment: "when"), CatalogColumn(name: "b", type: .long)])
        #expect(t.partitionColumns == ["b"])
        // Altering it keeps it a Hive serde table: real columns stay in COLUMNS_V2, no provider key.
        try ms.setProperties("default", "hive_t", ["x": "y"])
        let cols = try c.execute(#"SELECT "COLUMN_NAME" FROM "COLUMNS_V2" WHERE "CD_ID" = 900 ORDER BY "INTEGER_IDX""#)
        #expect(try (0..<cols.rowCount).map { try cols.string(row: $0, column: 0) } == ["a", "c"])
        #expect(try c.execute(#"SELECT 1 FROM "TABLE_PARAMS" WHERE "TBL_ID" = 900 AND "PARAM_KEY" = 'spark.sql.sources.provider'"#).rowCount == 0)
        #expect(try ms.table("default", "hive_t").columns == t.columns)
    }

    @Test func otherSchemaVersionsAreRefused() throws {
        guard let scratch = try Scratch(.postgres) else { return }
        _ = try scratch.open()
        let c = try scratch.connect()
        try c.execute(#"UPDATE "VERSION" SET "SCHEMA_VERSION" = '1.2.0'"#)
        #expect(throws: MetastoreError.unsupportedSchemaVersion("1.2.0")) { _ = try scratch.open() }
        try c.execute(#"UPDATE "VERSION" SET "SCHEMA_VERSION" = '2.3.10'"#)
        _ = try scratch.open()
    }
}

@Suite struct ConcurrentOpenTests {
    @Test func severalClientsOpeningAnEmptyDatabaseCreateOneSchema() throws {
        guard let scratch = try Scratch(.postgres) else { return }
        let opened = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            do {
                let ms = try scratch.open()
                _ = try ms.databases()
                opened.withLock { $0 += 1 }
            } catch {
                Issue.record("open failed: \(error)")
            }
        }
        #expect(opened.withLock { $0 } == 4)
        let c = try scratch.connect()
        #expect(try c.execute(#"SELECT count(*) FROM "VERSION""#).int64(row: 0, column: 0) == 1)
        #expect(try c.execute(#"SELECT count(*) FROM "DBS""#).int64(row: 0, column: 0) == 1)
    }
}
