/// The whole configuration of the ingest service, decoded and validated.
///
/// Sources, in increasing precedence: the built-in defaults, the configuration file (TOML subset or JSON, see
/// `config/lake-ingest.example.toml` and docs/INGEST.md), environment variables, command-line flags (both as
/// `ConfigOverride`s, see `ConfigKey.all`). Secrets are never part of it: PostgreSQL passwords come from
/// `PGPASSWORD` or libpq's password file, which libpq reads itself; a password inside a connection string is
/// rejected, so nothing this type holds is secret and it may be logged.
public struct IngestConfig: Sendable, Equatable {
    public var kafka = KafkaSettings()
    public var batch = BatchSettings()
    /// Root directory (or URI) of the lakehouse; tables live under `<warehouse>/commcare/…`.
    public var warehouse = "./lakehouse"
    public var metastore = MetastoreSettings.embedded
    /// The catalog database the tables are registered in.
    public var catalogDatabase = "commcare"
    public var source = SourceSettings.hq(HQSourceSettings())
    public var allow = AllowLists()
    public var archivedForms = ArchivedFormPolicy.remove
    /// Partition columns per topic; topics not listed use `defaultPartitionColumns`.
    public var partitionColumns: [ChangeTopic: [String]] = [:]
    /// How long a user's location is trusted before it is looked up again (location changes invalidate earlier).
    public var locationCacheSeconds = 300
    public var transforms: [DeclarativeTransform] = []
    /// The data-file format of new tables (`[tables]`).
    public var tables = TableSettings()
    /// How often `lake-ingest run` logs its progress line (records/s, lag per partition, commits, quarantined).
    public var progressIntervalSeconds = 10

    public static let defaultPartitionColumns = ["month", "supervisor_id"]

    public init() {}

    /// The partition columns of `topic`'s tables.
    public func partitionColumns(for topic: ChangeTopic) -> [String] {
        partitionColumns[topic] ?? Self.defaultPartitionColumns
    }

    public struct KafkaSettings: Sendable, Equatable {
        /// `host:port` of one or more brokers.
        public var bootstrapServers: [String] = []
        public var topics: [ChangeTopic] = ChangeTopic.allCases
        public var consumerGroup = "swiftlake-ingest"
        public var clientID = "lake-ingest"
        /// The Kafka topic of each change topic when it is not HQ's name (e.g. a prefixed `prod.form-sql`).
        public var topicNames: [ChangeTopic: String] = [:]
        /// The group drops a member silent for this long. Some brokers (Tansu) hold every JoinGroup for about half
        /// of it, so it also bounds how long a start or rebalance takes.
        public var sessionTimeoutMilliseconds = 10_000
        /// Where a partition starts when neither the warehouse nor the group has an offset for it, and where an
        /// offset outside the log is moved to.
        public var autoOffsetReset = OffsetReset.earliest

        /// The Kafka topic that carries `topic`'s changes.
        public func topicName(for topic: ChangeTopic) -> String { topicNames[topic] ?? topic.rawValue }
    }

    public struct BatchSettings: Sendable, Equatable {
        /// At most this many messages per batch (the original service's `MAX_RECORDS_TO_PROCESS`).
        public var maxRecords = 500
        /// A batch is cut after this long even if not full.
        public var maxWaitMilliseconds = 1000
    }

    public enum MetastoreSettings: Sendable, Equatable {
        /// The file catalog inside the warehouse (zero setup).
        case embedded
        /// A Hive Metastore 2.3 schema in PostgreSQL; libpq conninfo or URL without a password.
        case postgres(String)
    }

    public enum SourceSettings: Sendable, Equatable {
        /// CommCare HQ's PostgreSQL databases and blob store.
        case hq(HQSourceSettings)
        /// Each message value carries its document under `document`.
        case inline
        /// A JSONL file of changes and documents (demo, tests).
        case replay(path: String)
    }

    /// Parses and validates a configuration file's text, then applies `overrides` (environment, then flags).
    /// `json` picks the JSON syntax; otherwise the TOML subset is used.
    public static func parse(_ text: String, json: Bool = false, overrides: [ConfigOverride] = []) throws(ConfigError) -> IngestConfig {
        var tree: JSONValue
        if json {
            do { tree = try JSONParser().parse(text) } catch {
                throw .syntax(line: 0, column: error.offset, message: "JSON: \(error)")
            }
        } else {
            tree = try TOMLSubset().parse(text)
        }
        guard case .object(var root) = tree else { throw .invalid([ConfigProblem("(root)", "expected a table")]) }
        var problems: [ConfigProblem] = []
        for o in overrides { o.apply(to: &root, &problems) }
        let config = decode(root, &problems)
        guard problems.isEmpty else { throw .invalid(problems) }
        return config
    }

    static func decode(_ root: JSONObject, _ problems: inout [ConfigProblem]) -> IngestConfig {
        var c = IngestConfig()
        var r = ConfigReader(path: "", object: root)

        var k = r.table("kafka", &problems)
        c.kafka.bootstrapServers = k.strings("bootstrap_servers", default: [], &problems)
        if c.kafka.bootstrapServers.isEmpty, !(c.isReplay(root)) {
            problems.append(.init("kafka.bootstrap_servers", "at least one broker address host:port is required"))
        }
        for (n, s) in c.kafka.bootstrapServers.enumerated() where !Self.isHostPort(s) {
            problems.append(.init("kafka.bootstrap_servers[\(n)]", "\"\(s)\" is not host:port"))
        }
        let topicNames = k.strings("topics", default: ChangeTopic.allCases.map(\.rawValue), &problems)
        c.kafka.topics = []
        for (n, t) in topicNames.enumerated() {
            if let topic = ChangeTopic(rawValue: t) { c.kafka.topics.append(topic) } else {
                problems.append(.init("kafka.topics[\(n)]", "unknown topic \"\(t)\"; known: form-sql, case-sql, location"))
            }
        }
        if topicNames.isEmpty { problems.append(.init("kafka.topics", "at least one topic is required")) }
        c.kafka.consumerGroup = k.string("consumer_group", default: c.kafka.consumerGroup, &problems)
        if c.kafka.consumerGroup.isEmpty { problems.append(.init("kafka.consumer_group", "must not be empty")) }
        c.kafka.clientID = k.string("client_id", default: c.kafka.clientID, &problems)
        var names = k.table("topic_names", &problems)
        for key in names.object.keys {
            let name = names.string(key, default: "", &problems)
            guard let topic = ChangeTopic(rawValue: key) else {
                problems.append(.init("kafka.topic_names.\(key)", "unknown topic; known: form-sql, case-sql, location"))
                continue
            }
            if name.isEmpty { problems.append(.init("kafka.topic_names.\(key)", "must not be empty")) }
            c.kafka.topicNames[topic] = name
        }
        if Set(c.kafka.topics.map(c.kafka.topicName(for:))).count != c.kafka.topics.count {
            problems.append(.init("kafka.topic_names", "two change topics map to the same Kafka topic"))
        }
        c.kafka.sessionTimeoutMilliseconds = k.int("session_timeout_ms", default: c.kafka.sessionTimeoutMilliseconds,
                                                    range: 500...600_000, &problems)
        let reset = k.string("auto_offset_reset", default: c.kafka.autoOffsetReset.rawValue, &problems)
        if let p = OffsetReset(rawValue: reset) { c.kafka.autoOffsetReset = p } else {
            problems.append(.init("kafka.auto_offset_reset", "\"\(reset)\" is not earliest or latest"))
        }
        k.reportUnknown(&problems)

        var b = r.table("batch", &problems)
        c.batch.maxRecords = b.int("max_records", default: 500, range: 1...1_000_000, &problems)
        c.batch.maxWaitMilliseconds = b.int("max_wait_ms", default: 1000, range: 0...600_000, &problems)
        b.reportUnknown(&problems)

        c.progressIntervalSeconds = r.int("progress_interval_seconds", default: c.progressIntervalSeconds,
                                          range: 1...86_400, &problems)
        c.warehouse = r.string("warehouse", default: c.warehouse, &problems)
        if c.warehouse.isEmpty { problems.append(.init("warehouse", "must not be empty")) }

        var m = r.table("metastore", &problems)
        switch m.string("kind", default: "embedded", &problems) {
        case "embedded": c.metastore = .embedded
        case "postgres":
            let url = m.string("url", default: "", &problems)
            if url.isEmpty { problems.append(.init("metastore.url", "required when kind = \"postgres\"")) }
            Self.checkNoPassword(url, "metastore.url", &problems)
            c.metastore = .postgres(url)
        case let other: problems.append(.init("metastore.kind", "\"\(other)\" is not embedded or postgres"))
        }
        c.catalogDatabase = m.string("database", default: c.catalogDatabase, &problems)
        if c.catalogDatabase.isEmpty || !c.catalogDatabase.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }) {
            problems.append(.init("metastore.database", "\"\(c.catalogDatabase)\" must be lower-case letters, digits and _"))
        }
        m.reportUnknown(&problems)

        var s = r.table("source", &problems)
        switch s.string("kind", default: "hq", &problems) {
        case "hq":
            var h = s.table("hq", &problems)
            c.source = .hq(HQSourceSettings.decode(&h, &problems))
            h.reportUnknown(&problems)
        case "inline": c.source = .inline
        case "replay":
            let path = s.string("replay_path", default: "", &problems)
            if path.isEmpty { problems.append(.init("source.replay_path", "required when kind = \"replay\"")) }
            c.source = .replay(path: path)
        case let other: problems.append(.init("source.kind", "\"\(other)\" is not hq, inline or replay"))
        }
        s.reportUnknown(&problems)

        var a = r.table("allow", &problems)
        c.allow = AllowLists(domains: Set(a.strings("domains", default: [], &problems)),
                             formXmlns: Set(a.strings("form_xmlns", default: [], &problems)),
                             caseTypes: Set(a.strings("case_types", default: [], &problems)))
        a.reportUnknown(&problems)

        var f = r.table("forms", &problems)
        let archived = f.string("archived", default: "remove", &problems)
        if let p = ArchivedFormPolicy(rawValue: archived) { c.archivedForms = p } else {
            problems.append(.init("forms.archived", "\"\(archived)\" is not remove or keep_flagged"))
        }
        f.reportUnknown(&problems)

        var p = r.table("partition_columns", &problems)
        for key in p.object.keys {
            let columns = p.strings(key, default: [], &problems)
            guard let topic = ChangeTopic(rawValue: key) else {
                problems.append(.init("partition_columns.\(key)", "unknown topic"))
                continue
            }
            for col in columns where col.isEmpty || col.contains("/") || col.contains("=") {
                problems.append(.init("partition_columns.\(key)", "\"\(col)\" is not a usable column name"))
            }
            // A table cannot be created partitioned twice by one column: every record would be refused.
            var seen: Set<String> = []
            for col in columns where !seen.insert(col).inserted {
                problems.append(.init("partition_columns.\(key)", "\"\(col)\" is listed twice"))
            }
            c.partitionColumns[topic] = columns
        }

        var tb = r.table("tables", &problems)
        c.tables = TableSettings.decode(&tb, &problems)
        tb.reportUnknown(&problems)

        var l = r.table("location", &problems)
        c.locationCacheSeconds = l.int("cache_seconds", default: 300, range: 0...86_400, &problems)
        l.reportUnknown(&problems)

        if let t = r.raw("transforms") {
            if case .array(let items) = t {
                for (n, item) in items.enumerated() {
                    if let d = DeclarativeTransform.decode(item, path: "transforms[\(n)]", &problems) { c.transforms.append(d) }
                }
            } else {
                problems.append(.init("transforms", "expected an array of tables ([[transforms]])"))
            }
        }
        r.reportUnknown(&problems)
        return c
    }

    private func isReplay(_ root: JSONObject) -> Bool {
        root["source"]?["kind"] == .string("replay")
    }

    static func isHostPort(_ s: String) -> Bool {
        guard let colon = s.lastIndex(of: ":") else { return false }
        let host = s[..<colon]
        guard let port = Int(s[s.index(after: colon)...]) else { return false }
        return !host.isEmpty && (1...65535).contains(port)
    }

    /// Rejects connection strings that carry a password (URL `user:secret@` or conninfo `password=`).
    static func checkNoPassword(_ conninfo: String, _ path: String, _ problems: inout [ConfigProblem]) {
        let lower = conninfo.lowercased()
        var hasPassword = lower.contains("password=")
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            let rest = lower.drop(while: { $0 != "/" }).dropFirst(2)
            if let at = rest.firstIndex(of: "@"), rest[..<at].contains(":") { hasPassword = true }
        }
        if hasPassword {
            problems.append(.init(path, "contains a password; put it in PGPASSWORD or libpq's password file instead"))
        }
    }
}
