import PostgresClient

/// Ids for Hive's `*_ID` keys, taken from DataNucleus's `SEQUENCE_TABLE` exactly as a live Spark or Hive
/// expects: the counter row is locked, a block is reserved by advancing `NEXT_VAL`, and ids below
/// `NEXT_VAL` are never used (a running Spark may hold them in memory). Must run inside the transaction
/// that inserts the rows, so the reservation and the rows commit together.
enum HiveIdAllocator {
    /// The model classes whose ids SwiftLake allocates, with the table and key column each counts.
    enum Model: String, CaseIterable {
        case database = "org.apache.hadoop.hive.metastore.model.MDatabase"
        case table = "org.apache.hadoop.hive.metastore.model.MTable"
        case storageDescriptor = "org.apache.hadoop.hive.metastore.model.MStorageDescriptor"
        case serDe = "org.apache.hadoop.hive.metastore.model.MSerDeInfo"
        case columnDescriptor = "org.apache.hadoop.hive.metastore.model.MColumnDescriptor"

        /// Constant identifiers, never caller input, so they may appear in SQL text.
        var tableAndColumn: (table: String, column: String) {
            switch self {
            case .database: return ("DBS", "DB_ID")
            case .table: return ("TBLS", "TBL_ID")
            case .storageDescriptor: return ("SDS", "SD_ID")
            case .serDe: return ("SERDES", "SERDE_ID")
            case .columnDescriptor: return ("CDS", "CD_ID")
            }
        }
    }

    /// Reserves `count` consecutive ids for `model` and returns the first.
    static func reserve(_ model: Model, count: Int = 1, on conn: borrowing PGConnection) throws -> Int64 {
        let (table, column) = model.tableAndColumn
        let select = #"SELECT "NEXT_VAL" FROM "SEQUENCE_TABLE" WHERE "SEQUENCE_NAME" = $1 FOR UPDATE"#
        var next = try conn.execute(select, [model.rawValue]).int64OrNil()
        if next == nil {
            // DataNucleus's own recovery for a missing row: start after the largest id in use.
            try conn.execute(
                #"INSERT INTO "SEQUENCE_TABLE" ("SEQUENCE_NAME", "NEXT_VAL") SELECT $1, COALESCE(MAX("\#(column)"), 0) + 1 FROM "\#(table)" ON CONFLICT ("SEQUENCE_NAME") DO NOTHING"#,
                [model.rawValue])
            next = try conn.execute(select, [model.rawValue]).int64OrNil()
        }
        guard let reserved = next else { throw MetastoreError.backend("SEQUENCE_TABLE row for \(model.rawValue) vanished") }
        // A writer that ignored SEQUENCE_TABLE (max+1) may have used ids at or above NEXT_VAL; skip past them
        // rather than fail on a duplicate key.
        let maxUsed = try conn.execute(#"SELECT COALESCE(MAX("\#(column)"), 0) FROM "\#(table)""#).int64OrNil() ?? 0
        let first = max(reserved, maxUsed + 1)
        let (end, overflow) = first.addingReportingOverflow(Int64(count))
        guard !overflow else { throw MetastoreError.backend("id counter for \(model.rawValue) overflowed") }
        try conn.execute(#"UPDATE "SEQUENCE_TABLE" SET "NEXT_VAL" = $2 WHERE "SEQUENCE_NAME" = $1"#, [model.rawValue, end])
        return first
    }
}

extension PGResult {
    /// The first column of the first row as an integer; nil when there is no row or it is NULL.
    func int64OrNil() throws(PGError) -> Int64? {
        guard rowCount > 0 else { return nil }
        return try int64(row: 0, column: 0)
    }
}
