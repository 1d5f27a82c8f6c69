/// SwiftLake's own DDL for the Hive Metastore 2.3 schema on PostgreSQL: every table a Hive 2.3 or Spark
/// client touches, with the keys and unique constraints those clients rely on (`UNIQUE_DATABASE`,
/// `UNIQUETABLE`, `UNIQUEPARTITION`, …), plus the transaction and lock tables a Hive service expects.
///
/// Types follow the wider of the two variants described in docs/METASTORE.md (times `bigint`, parameter
/// values `text`); writers still keep to the narrower limits so the rows also fit a DataNucleus-made schema.
/// Foreign keys are `DEFERRABLE` (checked immediately unless deferred), so rows go in parents first.
enum HiveSchemaDDL {
    static let version = "2.3.0"
    static let versionComment = "Hive release version 2.3.0"

    static let statements: [String] = [
        #"CREATE TABLE "VERSION" ("VER_ID" bigint PRIMARY KEY, "SCHEMA_VERSION" varchar(127) NOT NULL, "VERSION_COMMENT" varchar(255) NOT NULL)"#,
        #"CREATE TABLE "SEQUENCE_TABLE" ("SEQUENCE_NAME" varchar(255) PRIMARY KEY, "NEXT_VAL" bigint NOT NULL)"#,
        #"CREATE TABLE "NUCLEUS_TABLES" ("CLASS_NAME" varchar(128) PRIMARY KEY, "TABLE_NAME" varchar(128) NOT NULL, "TYPE" varchar(4) NOT NULL, "OWNER" varchar(2) NOT NULL, "VERSION" varchar(20) NOT NULL, "INTERFACE_NAME" varchar(255))"#,

        #"CREATE TABLE "DBS" ("DB_ID" bigint PRIMARY KEY, "DESC" varchar(4000), "DB_LOCATION_URI" varchar(4000) NOT NULL, "NAME" varchar(128), "OWNER_NAME" varchar(128), "OWNER_TYPE" varchar(10), CONSTRAINT "UNIQUE_DATABASE" UNIQUE ("NAME"))"#,
        #"CREATE TABLE "DATABASE_PARAMS" ("DB_ID" bigint NOT NULL REFERENCES "DBS" ("DB_ID") DEFERRABLE, "PARAM_KEY" varchar(180) NOT NULL, "PARAM_VALUE" varchar(4000), PRIMARY KEY ("DB_ID", "PARAM_KEY"))"#,
        #"CREATE TABLE "DB_PRIVS" ("DB_GRANT_ID" bigint PRIMARY KEY, "CREATE_TIME" bigint NOT NULL, "DB_ID" bigint REFERENCES "DBS" ("DB_ID") DEFERRABLE, "GRANT_OPTION" smallint NOT NULL, "GRANTOR" varchar(128), "GRANTOR_TYPE" varchar(128), "PRINCIPAL_NAME" varchar(128), "PRINCIPAL_TYPE" varchar(128), "DB_PRIV" varchar(128), CONSTRAINT "DBPRIVILEGEINDEX" UNIQUE ("DB_ID", "PRINCIPAL_NAME", "PRINCIPAL_TYPE", "DB_PRIV", "GRANTOR", "GRANTOR_TYPE"))"#,
        #"CREATE TABLE "GLOBAL_PRIVS" ("USER_GRANT_ID" bigint PRIMARY KEY, "CREATE_TIME" bigint NOT NULL, "GRANT_OPTION" smallint NOT NULL, "GRANTOR" varchar(128), "GRANTOR_TYPE" varchar(128), "PRINCIPAL_NAME" varchar(128), "PRINCIPAL_TYPE" varchar(128), "USER_PRIV" varchar(128), CONSTRAINT "GLOBALPRIVILEGEINDEX" UNIQUE ("PRINCIPAL_NAME", "PRINCIPAL_TYPE", "USER_PRIV", "GRANTOR", "GRANTOR_TYPE"))"#,
        #"CREATE TABLE "ROLES" ("ROLE_ID" bigint PRIMARY KEY, "CREATE_TIME" bigint NOT NULL, "OWNER_NAME" varchar(128), "ROLE_NAME" varchar(128), CONSTRAINT "ROLEENTITYINDEX" UNIQUE ("ROLE_NAME"))"#,
        #"CREATE TABLE "ROLE_MAP" ("ROLE_GRANT_ID" bigint PRIMARY KEY, "ADD_TIME" bigint NOT NULL, "GRANT_OPTION" smallint NOT NULL, "GRANTOR" varchar(128), "GRANTOR_TYPE" varchar(128), "PRINCIPAL_NAME" varchar(128), "PRINCIPAL_TYPE" varchar(128), "ROLE_ID" bigint REFERENCES "ROLES" ("ROLE_ID") DEFERRABLE, CONSTRAINT "USERROLEMAPINDEX" UNIQUE ("PRINCIPAL_NAME", "ROLE_ID", "GRANTOR", "GRANTOR_TYPE"))"#,

        #"CREATE TABLE "SERDES" ("SERDE_ID" bigint PRIMARY KEY, "NAME" varchar(128), "SLIB" varchar(4000))"#,
        #"CREATE TABLE "SERDE_PARAMS" ("SERDE_ID" bigint NOT NULL REFERENCES "SERDES" ("SERDE_ID") DEFERRABLE, "PARAM_KEY" varchar(256) NOT NULL, "PARAM_VALUE" text, PRIMARY KEY ("SERDE_ID", "PARAM_KEY"))"#,
        #"CREATE TABLE "CDS" ("CD_ID" bigint PRIMARY KEY)"#,
        #"CREATE TABLE "COLUMNS_V2" ("CD_ID" bigint NOT NULL REFERENCES "CDS" ("CD_ID") DEFERRABLE, "COMMENT" varchar(4000), "COLUMN_NAME" varchar(767) NOT NULL, "TYPE_NAME" text, "INTEGER_IDX" integer NOT NULL, PRIMARY KEY ("CD_ID", "COLUMN_NAME"))"#,
        #"CREATE TABLE "SDS" ("SD_ID" bigint PRIMARY KEY, "CD_ID" bigint REFERENCES "CDS" ("CD_ID") DEFERRABLE, "INPUT_FORMAT" varchar(4000), "IS_COMPRESSED" boolean NOT NULL, "IS_STOREDASSUBDIRECTORIES" boolean NOT NULL, "LOCATION" varchar(4000), "NUM_BUCKETS" bigint NOT NULL, "OUTPUT_FORMAT" varchar(4000), "SERDE_ID" bigint REFERENCES "SERDES" ("SERDE_ID") DEFERRABLE)"#,
        #"CREATE TABLE "SD_PARAMS" ("SD_ID" bigint NOT NULL REFERENCES "SDS" ("SD_ID") DEFERRABLE, "PARAM_KEY" varchar(256) NOT NULL, "PARAM_VALUE" text, PRIMARY KEY ("SD_ID", "PARAM_KEY"))"#,
        #"CREATE TABLE "BUCKETING_COLS" ("SD_ID" bigint NOT NULL REFERENCES "SDS" ("SD_ID") DEFERRABLE, "BUCKET_COL_NAME" varchar(256), "INTEGER_IDX" bigint NOT NULL, PRIMARY KEY ("SD_ID", "INTEGER_IDX"))"#,
        #"CREATE TABLE "SORT_COLS" ("SD_ID" bigint NOT NULL REFERENCES "SDS" ("SD_ID") DEFERRABLE, "COLUMN_NAME" varchar(767), "ORDER" bigint NOT NULL, "INTEGER_IDX" bigint NOT NULL, PRIMARY KEY ("SD_ID", "INTEGER_IDX"))"#,
        #"CREATE TABLE "SKEWED_STRING_LIST" ("STRING_LIST_ID" bigint PRIMARY KEY)"#,
        #"CREATE TABLE "SKEWED_STRING_LIST_VALUES" ("STRING_LIST_ID" bigint NOT NULL REFERENCES "SKEWED_STRING_LIST" ("STRING_LIST_ID") DEFERRABLE, "STRING_LIST_VALUE" varchar(256), "INTEGER_IDX" bigint NOT NULL, PRIMARY KEY ("STRING_LIST_ID", "INTEGER_IDX"))"#,
        #"CREATE TABLE "SKEWED_COL_NAMES" ("SD_ID" bigint NOT NULL REFERENCES "SDS" ("SD_ID") DEFERRABLE, "SKEWED_COL_NAME" varchar(256), "INTEGER_IDX" bigint NOT NULL, PRIMARY KEY ("SD_ID", "INTEGER_IDX"))"#,
        #"CREATE TABLE "SKEWED_COL_VALUE_LOC_MAP" ("SD_ID" bigint NOT NULL REFERENCES "SDS" ("SD_ID") DEFERRABLE, "STRING_LIST_ID_KID" bigint NOT NULL REFERENCES "SKEWED_STRING_LIST" ("STRING_LIST_ID") DEFERRABLE, "LOCATION" varchar(4000), PRIMARY KEY ("SD_ID", "STRING_LIST_ID_KID"))"#,
        #"CREATE TABLE "SKEWED_VALUES" ("SD_ID_OID" bigint NOT NULL REFERENCES "SDS" ("SD_ID") DEFERRABLE, "STRING_LIST_ID_EID" bigint NOT NULL REFERENCES "SKEWED_STRING_LIST" ("STRING_LIST_ID") DEFERRABLE, "INTEGER_IDX" bigint NOT NULL, PRIMARY KEY ("SD_ID_OID", "INTEGER_IDX"))"#,

        #"CREATE TABLE "TBLS" ("TBL_ID" bigint PRIMARY KEY, "CREATE_TIME" bigint NOT NULL, "DB_ID" bigint REFERENCES "DBS" ("DB_ID") DEFERRABLE, "LAST_ACCESS_TIME" bigint NOT NULL, "OWNER" varchar(767), "RETENTION" bigint NOT NULL, "SD_ID" bigint REFERENCES "SDS" ("SD_ID") DEFERRABLE, "TBL_NAME" varchar(128), "TBL_TYPE" varchar(128), "VIEW_EXPANDED_TEXT" text, "VIEW_ORIGINAL_TEXT" text, "IS_REWRITE_ENABLED" boolean NOT NULL DEFAULT false, CONSTRAINT "UNIQUETABLE" UNIQUE ("TBL_NAME", "DB_ID"))"#,
        #"CREATE TABLE "TABLE_PARAMS" ("TBL_ID" bigint NOT NULL REFERENCES "TBLS" ("TBL_ID") DEFERRABLE, "PARAM_KEY" varchar(256) NOT NULL, "PARAM_VALUE" text, PRIMARY KEY ("TBL_ID", "PARAM_KEY"))"#,
        #"CREATE TABLE "PARTITION_KEYS" ("TBL_ID" bigint NOT NULL REFERENCES "TBLS" ("TBL_ID") DEFERRABLE, "PKEY_COMMENT" varchar(4000), "PKEY_NAME" varchar(128) NOT NULL, "PKEY_TYPE" varchar(767) NOT NULL, "INTEGER_IDX" bigint NOT NULL, PRIMARY KEY ("TBL_ID", "PKEY_NAME"))"#,
        #"CREATE TABLE "TBL_PRIVS" ("TBL_GRANT_ID" bigint PRIMARY KEY, "CREATE_TIME" bigint NOT NULL, "GRANT_OPTION" smallint NOT NULL, "GRANTOR" varchar(128), "GRANTOR_TYPE" varchar(128), "PRINCIPAL_NAME" varchar(128), "PRINCIPAL_TYPE" varchar(128), "TBL_PRIV" varchar(128), "TBL_ID" bigint REFERENCES "TBLS" ("TBL_ID") DEFERRABLE)"#,
        #"CREATE TABLE "TBL_COL_PRIVS" ("TBL_COLUMN_GRANT_ID" bigint PRIMARY KEY, "COLUMN_NAME" varchar(767), "CREATE_TIME" bigint NOT NULL, "GRANT_OPTION" smallint NOT NULL, "GRANTOR" varchar(128), "GRANTOR_TYPE" varchar(128), "PRINCIPAL_NAME" varchar(128), "PRINCIPAL_TYPE" varchar(128), "TBL_COL_PRIV" varchar(128), "TBL_ID" bigint REFERENCES "TBLS" ("TBL_ID") DEFERRABLE)"#,
        #"CREATE TABLE "TAB_COL_STATS" ("CS_ID" bigint PRIMARY KEY, "DB_NAME" varchar(128) NOT NULL, "TABLE_NAME" varchar(128) NOT NULL, "COLUMN_NAME" varchar(767) NOT NULL, "COLUMN_TYPE" varchar(128) NOT NULL, "TBL_ID" bigint NOT NULL REFERENCES "TBLS" ("TBL_ID") DEFERRABLE, "LONG_LOW_VALUE" bigint, "LONG_HIGH_VALUE" bigint, "DOUBLE_LOW_VALUE" double precision, "DOUBLE_HIGH_VALUE" double precision, "BIG_DECIMAL_LOW_VALUE" varchar(4000), "BIG_DECIMAL_HIGH_VALUE" varchar(4000), "NUM_NULLS" bigint NOT NULL, "NUM_DISTINCTS" bigint, "AVG_COL_LEN" double precision, "MAX_COL_LEN" bigint, "NUM_TRUES" bigint, "NUM_FALSES" bigint, "LAST_ANALYZED" bigint NOT NULL)"#,
        #"CREATE TABLE "IDXS" ("INDEX_ID" bigint PRIMARY KEY, "CREATE_TIME" bigint NOT NULL, "DEFERRED_REBUILD" boolean NOT NULL, "INDEX_HANDLER_CLASS" varchar(4000), "INDEX_NAME" varchar(128), "INDEX_TBL_ID" bigint REFERENCES "TBLS" ("TBL_ID") DEFERRABLE, "LAST_ACCESS_TIME" bigint NOT NULL, "ORIG_TBL_ID" bigint REFERENCES "TBLS" ("TBL_ID") DEFERRABLE, "SD_ID" bigint REFERENCES "SDS" ("SD_ID") DEFERRABLE, CONSTRAINT "UNIQUEINDEX" UNIQUE ("INDEX_NAME", "ORIG_TBL_ID"))"#,
        #"CREATE TABLE "INDEX_PARAMS" ("INDEX_ID" bigint NOT NULL REFERENCES "IDXS" ("INDEX_ID") DEFERRABLE, "PARAM_KEY" varchar(256) NOT NULL, "PARAM_VALUE" varchar(4000), PRIMARY KEY ("INDEX_ID", "PARAM_KEY"))"#,
        #"CREATE TABLE "KEY_CONSTRAINTS" ("CHILD_CD_ID" bigint, "CHILD_INTEGER_IDX" bigint, "CHILD_TBL_ID" bigint, "PARENT_CD_ID" bigint NOT NULL, "PARENT_INTEGER_IDX" bigint NOT NULL, "PARENT_TBL_ID" bigint NOT NULL, "POSITION" bigint NOT NULL, "CONSTRAINT_NAME" varchar(400) NOT NULL, "CONSTRAINT_TYPE" smallint NOT NULL, "UPDATE_RULE" smallint, "DELETE_RULE" smallint, "ENABLE_VALIDATE_RELY" smallint NOT NULL, PRIMARY KEY ("CONSTRAINT_NAME", "POSITION"))"#,

        #"CREATE TABLE "PARTITIONS" ("PART_ID" bigint PRIMARY KEY, "CREATE_TIME" bigint NOT NULL, "LAST_ACCESS_TIME" bigint NOT NULL, "PART_NAME" varchar(767), "SD_ID" bigint REFERENCES "SDS" ("SD_ID") DEFERRABLE, "TBL_ID" bigint REFERENCES "TBLS" ("TBL_ID") DEFERRABLE, CONSTRAINT "UNIQUEPARTITION" UNIQUE ("PART_NAME", "TBL_ID"))"#,
        #"CREATE TABLE "PARTITION_KEY_VALS" ("PART_ID" bigint NOT NULL REFERENCES "PARTITIONS" ("PART_ID") DEFERRABLE, "PART_KEY_VAL" varchar(256), "INTEGER_IDX" bigint NOT NULL, PRIMARY KEY ("PART_ID", "INTEGER_IDX"))"#,
        #"CREATE TABLE "PARTITION_PARAMS" ("PART_ID" bigint NOT NULL REFERENCES "PARTITIONS" ("PART_ID") DEFERRABLE, "PARAM_KEY" varchar(256) NOT NULL, "PARAM_VALUE" varchar(4000), PRIMARY KEY ("PART_ID", "PARAM_KEY"))"#,
        #"CREATE TABLE "PART_PRIVS" ("PART_GRANT_ID" bigint PRIMARY KEY, "CREATE_TIME" bigint NOT NULL, "GRANT_OPTION" smallint NOT NULL, "GRANTOR" varchar(128), "GRANTOR_TYPE" varchar(128), "PART_ID" bigint REFERENCES "PARTITIONS" ("PART_ID") DEFERRABLE, "PRINCIPAL_NAME" varchar(128), "PRINCIPAL_TYPE" varchar(128), "PART_PRIV" varchar(128))"#,
        #"CREATE TABLE "PART_COL_PRIVS" ("PART_COLUMN_GRANT_ID" bigint PRIMARY KEY, "COLUMN_NAME" varchar(767), "CREATE_TIME" bigint NOT NULL, "GRANT_OPTION" smallint NOT NULL, "GRANTOR" varchar(128), "GRANTOR_TYPE" varchar(128), "PART_ID" bigint REFERENCES "PARTITIONS" ("PART_ID") DEFERRABLE, "PRINCIPAL_NAME" varchar(128), "PRINCIPAL_TYPE" varchar(128), "PART_COL_PRIV" varchar(128))"#,
        #"CREATE TABLE "PART_COL_STATS" ("CS_ID" bigint PRIMARY KEY, "DB_NAME" varchar(128) NOT NULL, "TABLE_NAME" varchar(128) NOT NULL, "PARTITION_NAME" varchar(767) NOT NULL, "COLUMN_NAME" varchar(767) NOT NULL, "COLUMN_TYPE" varchar(128) NOT NULL, "PART_ID" bigint NOT NULL REFERENCES "PARTITIONS" ("PART_ID") DEFERRABLE, "LONG_LOW_VALUE" bigint, "LONG_HIGH_VALUE" bigint, "DOUBLE_LOW_VALUE" double precision, "DOUBLE_HIGH_VALUE" double precision, "BIG_DECIMAL_LOW_VALUE" varchar(4000), "BIG_DECIMAL_HIGH_VALUE" varchar(4000), "NUM_NULLS" bigint NOT NULL, "NUM_DISTINCTS" bigint, "AVG_COL_LEN" double precision, "MAX_COL_LEN" bigint, "NUM_TRUES" bigint, "NUM_FALSES" bigint, "LAST_ANALYZED" bigint NOT NULL)"#,
        #"CREATE TABLE "PARTITION_EVENTS" ("PART_NAME_ID" bigint PRIMARY KEY, "DB_NAME" varchar(128), "EVENT_TIME" bigint NOT NULL, "EVENT_TYPE" integer NOT NULL, "PARTITION_NAME" varchar(767), "TBL_NAME" varchar(128))"#,

        #"CREATE TABLE "TYPES" ("TYPES_ID" bigint PRIMARY KEY, "TYPE_NAME" varchar(128), "TYPE1" varchar(767), "TYPE2" varchar(767), CONSTRAINT "UNIQUE_TYPE" UNIQUE ("TYPE_NAME"))"#,
        #"CREATE TABLE "TYPE_FIELDS" ("TYPE_NAME" bigint NOT NULL REFERENCES "TYPES" ("TYPES_ID") DEFERRABLE, "COMMENT" varchar(256), "FIELD_NAME" varchar(128) NOT NULL, "FIELD_TYPE" varchar(767) NOT NULL, "INTEGER_IDX" bigint NOT NULL, PRIMARY KEY ("TYPE_NAME", "FIELD_NAME"))"#,
        #"CREATE TABLE "FUNCS" ("FUNC_ID" bigint PRIMARY KEY, "CLASS_NAME" varchar(4000), "CREATE_TIME" integer NOT NULL, "DB_ID" bigint REFERENCES "DBS" ("DB_ID") DEFERRABLE, "FUNC_NAME" varchar(128), "FUNC_TYPE" integer NOT NULL, "OWNER_NAME" varchar(128), "OWNER_TYPE" varchar(10), CONSTRAINT "UNIQUEFUNCTION" UNIQUE ("FUNC_NAME", "DB_ID"))"#,
        #"CREATE TABLE "FUNC_RU" ("FUNC_ID" bigint NOT NULL REFERENCES "FUNCS" ("FUNC_ID") DEFERRABLE, "RESOURCE_TYPE" integer NOT NULL, "RESOURCE_URI" varchar(4000), "INTEGER_IDX" integer NOT NULL, PRIMARY KEY ("FUNC_ID", "INTEGER_IDX"))"#,
        #"CREATE TABLE "MASTER_KEYS" ("KEY_ID" serial PRIMARY KEY, "MASTER_KEY" varchar(767) NOT NULL UNIQUE)"#,
        #"CREATE TABLE "DELEGATION_TOKENS" ("TOKEN_IDENT" varchar(767) PRIMARY KEY, "TOKEN" varchar(767))"#,
        #"CREATE TABLE "NOTIFICATION_LOG" ("NL_ID" bigint PRIMARY KEY, "EVENT_ID" bigint NOT NULL, "EVENT_TIME" integer NOT NULL, "EVENT_TYPE" varchar(32) NOT NULL, "DB_NAME" varchar(128), "TBL_NAME" varchar(256), "MESSAGE" text, "MESSAGE_FORMAT" varchar(16))"#,
        #"CREATE TABLE "NOTIFICATION_SEQUENCE" ("NNI_ID" bigint PRIMARY KEY, "NEXT_EVENT_ID" bigint NOT NULL)"#,

        // Hive's ACID transaction and lock tables (Hive's own names are lower-case, unquoted).
        #"CREATE TABLE txns (txn_id bigint PRIMARY KEY, txn_state char(1) NOT NULL, txn_started bigint NOT NULL, txn_last_heartbeat bigint NOT NULL, txn_user varchar(128) NOT NULL, txn_host varchar(128) NOT NULL, txn_agent_info varchar(128), txn_meta_info varchar(128), txn_heartbeat_count integer)"#,
        #"CREATE TABLE txn_components (tc_txnid bigint REFERENCES txns (txn_id), tc_database varchar(128) NOT NULL, tc_table varchar(128), tc_partition varchar(767) DEFAULT NULL, tc_operation_type char(1) NOT NULL)"#,
        #"CREATE TABLE completed_txn_components (ctc_txnid bigint, ctc_database varchar(128) NOT NULL, ctc_table varchar(256), ctc_partition varchar(767))"#,
        #"CREATE TABLE next_txn_id (ntxn_next bigint NOT NULL)"#,
        #"INSERT INTO next_txn_id VALUES (1)"#,
        #"CREATE TABLE hive_locks (hl_lock_ext_id bigint NOT NULL, hl_lock_int_id bigint NOT NULL, hl_txnid bigint, hl_db varchar(128) NOT NULL, hl_table varchar(128), hl_partition varchar(767) DEFAULT NULL, hl_lock_state char(1) NOT NULL, hl_lock_type char(1) NOT NULL, hl_last_heartbeat bigint NOT NULL, hl_acquired_at bigint, hl_user varchar(128) NOT NULL, hl_host varchar(128) NOT NULL, hl_heartbeat_count integer, hl_agent_info varchar(128), hl_blockedby_ext_id bigint, hl_blockedby_int_id bigint, PRIMARY KEY (hl_lock_ext_id, hl_lock_int_id))"#,
        #"CREATE INDEX hl_txnid_index ON hive_locks USING hash (hl_txnid)"#,
        #"CREATE TABLE next_lock_id (nl_next bigint NOT NULL)"#,
        #"INSERT INTO next_lock_id VALUES (1)"#,
        #"CREATE TABLE compaction_queue (cq_id bigint PRIMARY KEY, cq_database varchar(128) NOT NULL, cq_table varchar(128) NOT NULL, cq_partition varchar(767), cq_state char(1) NOT NULL, cq_type char(1) NOT NULL, cq_tblproperties varchar(2048), cq_worker_id varchar(128), cq_start bigint, cq_run_as varchar(128), cq_highest_txn_id bigint, cq_meta_info bytea, cq_hadoop_job_id varchar(32))"#,
        #"CREATE TABLE next_compaction_queue_id (ncq_next bigint NOT NULL)"#,
        #"INSERT INTO next_compaction_queue_id VALUES (1)"#,
        #"CREATE TABLE completed_compactions (cc_id bigint PRIMARY KEY, cc_database varchar(128) NOT NULL, cc_table varchar(128) NOT NULL, cc_partition varchar(767), cc_state char(1) NOT NULL, cc_type char(1) NOT NULL, cc_tblproperties varchar(2048), cc_worker_id varchar(128), cc_start bigint, cc_end bigint, cc_run_as varchar(128), cc_highest_txn_id bigint, cc_meta_info bytea, cc_hadoop_job_id varchar(32))"#,
        #"CREATE TABLE aux_table (mt_key1 varchar(128) NOT NULL, mt_key2 bigint NOT NULL, mt_comment varchar(255), PRIMARY KEY (mt_key1, mt_key2))"#,
        #"CREATE TABLE write_set (ws_database varchar(128) NOT NULL, ws_table varchar(128) NOT NULL, ws_partition varchar(767), ws_txnid bigint NOT NULL, ws_commit_id bigint NOT NULL, ws_operation_type char(1) NOT NULL)"#,

        // Look-ups Hive and Spark do by name and by parent.
        #"CREATE INDEX "TBLS_N49" ON "TBLS" ("DB_ID")"#,
        #"CREATE INDEX "TBLS_N50" ON "TBLS" ("SD_ID")"#,
        #"CREATE INDEX "SDS_N49" ON "SDS" ("SERDE_ID")"#,
        #"CREATE INDEX "SDS_N50" ON "SDS" ("CD_ID")"#,
        #"CREATE INDEX "PARTITIONS_N49" ON "PARTITIONS" ("TBL_ID")"#,
        #"CREATE INDEX "PARTITIONS_N50" ON "PARTITIONS" ("SD_ID")"#,
        #"CREATE INDEX "TBL_PRIVS_N49" ON "TBL_PRIVS" ("TBL_ID")"#,
        #"CREATE INDEX "TABLECOLUMNPRIVILEGEINDEX" ON "TBL_COL_PRIVS" ("TBL_ID", "COLUMN_NAME", "PRINCIPAL_NAME", "PRINCIPAL_TYPE", "TBL_COL_PRIV", "GRANTOR", "GRANTOR_TYPE")"#,
        #"CREATE INDEX "TABLEPRIVILEGEINDEX" ON "TBL_PRIVS" ("TBL_ID", "PRINCIPAL_NAME", "PRINCIPAL_TYPE", "TBL_PRIV", "GRANTOR", "GRANTOR_TYPE")"#,
        #"CREATE INDEX "PARTPRIVILEGEINDEX" ON "PART_PRIVS" ("PART_ID", "PRINCIPAL_NAME", "PRINCIPAL_TYPE", "PART_PRIV", "GRANTOR", "GRANTOR_TYPE")"#,
        #"CREATE INDEX "PARTITIONCOLUMNPRIVILEGEINDEX" ON "PART_COL_PRIVS" ("PART_ID", "COLUMN_NAME", "PRINCIPAL_NAME", "PRINCIPAL_TYPE", "PART_COL_PRIV", "GRANTOR", "GRANTOR_TYPE")"#,
        #"CREATE INDEX "PCS_STATS_IDX" ON "PART_COL_STATS" ("DB_NAME", "TABLE_NAME", "COLUMN_NAME", "PARTITION_NAME")"#,
        #"CREATE INDEX "PARTITIONEVENTINDEX" ON "PARTITION_EVENTS" ("PARTITION_NAME")"#,
    ]

    /// The core tables every Hive 2.3 schema has, whichever way it was made; checked on open.
    static let requiredTables = [
        "VERSION", "SEQUENCE_TABLE", "DBS", "DATABASE_PARAMS", "TBLS", "TABLE_PARAMS", "SDS", "SERDES",
        "SERDE_PARAMS", "CDS", "COLUMNS_V2", "PARTITION_KEYS", "PARTITIONS", "TBL_PRIVS",
    ]
}
