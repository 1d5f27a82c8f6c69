/// The table property keys the catalog writes itself, and which of them a user may not set.
enum CatalogProperties {
    static let provider = "spark.sql.sources.provider"
    static let schema = "spark.sql.sources.schema"
    static let schemaNumParts = "spark.sql.sources.schema.numParts"
    static let schemaPartPrefix = "spark.sql.sources.schema.part."
    static let numPartCols = "spark.sql.sources.schema.numPartCols"
    static let partColPrefix = "spark.sql.sources.schema.partCol."
    static let createVersion = "spark.sql.create.version"
    static let external = "EXTERNAL"
    static let lastDdlTime = "transient_lastDdlTime"
    static let format = "swiftlake.format"
    static let deltaVersion = "swiftlake.delta.version"

    /// What `spark.sql.create.version` records: the Spark release whose rows these imitate.
    static let sparkVersion = "4.3.0"

    /// Keys a user may not set: Spark refuses `spark.sql.*` in TBLPROPERTIES too.
    static func isReserved(_ key: String) -> Bool {
        key.hasPrefix("spark.sql.") || key.hasPrefix("swiftlake.") || key == external || key == lastDdlTime
    }

    /// Keys this catalog manages and therefore rewrites or removes on every change. Other `spark.sql.*`
    /// keys (statistics written by Spark) are left alone.
    static func isManaged(_ key: String) -> Bool {
        key == provider || key.hasPrefix(schema) || key == createVersion || key == external || key == lastDdlTime
            || key.hasPrefix("swiftlake.") || key == "spark.sql.partitionProvider"
    }

    /// Every catalog-managed property of `record`, as Spark writes them for a datasource table.
    static func managed(_ record: TableRecord, ddlTime: Int64) -> [String: String] {
        var p: [String: String] = [
            createVersion: sparkVersion,
            external: "TRUE",
            lastDdlTime: String(ddlTime),
            format: record.format.propertyValue,
        ]
        // A Hive serde table has no provider key: that absence is what tells Spark to read it through Hive.
        if !record.format.isHiveSerDe { p[provider] = record.format.provider }
        let parts = SparkSchemaJSON.split(SparkSchemaJSON.encode(record.columns))
        if parts.count == 1 {
            p[schema] = parts[0]
        } else {
            p[schemaNumParts] = String(parts.count)
            for (i, part) in parts.enumerated() { p[schemaPartPrefix + String(i)] = part }
        }
        if !record.partitionColumns.isEmpty {
            p[numPartCols] = String(record.partitionColumns.count)
            for (i, c) in record.partitionColumns.enumerated() { p[partColPrefix + String(i)] = c }
        }
        if let v = record.deltaVersion { p[deltaVersion] = String(v) }
        return p
    }

    /// The schema JSON reassembled from properties, whole or split; nil when none is stored.
    static func schemaJSON(_ p: [String: String]) throws(MetastoreError) -> String? {
        if let whole = p[schema] { return whole }
        guard let n = p[schemaNumParts] else { return nil }
        guard let count = Int(n), count > 0, count <= 10_000 else {
            throw .corruptCatalog(path: schemaNumParts, reason: "'\(n)' is not a part count")
        }
        var json = ""
        for i in 0..<count {
            guard let part = p[schemaPartPrefix + String(i)] else {
                throw .corruptCatalog(path: schemaPartPrefix + String(i), reason: "schema part missing")
            }
            json += part
        }
        return json
    }

    /// Partition column names from `spark.sql.sources.schema.partCol.*`; nil when the keys are absent.
    static func partitionColumns(_ p: [String: String]) throws(MetastoreError) -> [String]? {
        guard let n = p[numPartCols] else { return nil }
        guard let count = Int(n), count >= 0, count <= 10_000 else {
            throw .corruptCatalog(path: numPartCols, reason: "'\(n)' is not a column count")
        }
        var names: [String] = []
        for i in 0..<count {
            guard let name = p[partColPrefix + String(i)] else {
                throw .corruptCatalog(path: partColPrefix + String(i), reason: "partition column name missing")
            }
            names.append(name)
        }
        return names
    }

    /// The user properties among `p`.
    static func user(_ p: [String: String]) -> [String: String] {
        p.filter { !isReserved($0.key) }
    }
}
