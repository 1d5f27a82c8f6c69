/// A setting that can be overridden by environment variable or flag; the executable maps its flags to these.
public struct ConfigKey: Sendable, Equatable, Hashable {
    public enum Kind: Sendable, Hashable { case string, integer, list }

    /// Dotted path in the configuration file, e.g. `kafka.bootstrap_servers`.
    public var path: String
    public var kind: Kind
    public var help: String

    /// `LAKE_INGEST_` + the path upper-cased with `.` → `_`, e.g. `LAKE_INGEST_KAFKA_BOOTSTRAP_SERVERS`.
    public var environmentVariable: String {
        "LAKE_INGEST_" + String(path.uppercased().map { $0 == "." ? "_" : $0 })
    }

    /// `--` + the path with `.` and `_` → `-`, e.g. `--kafka-bootstrap-servers`.
    public var flag: String {
        "--" + String(path.map { $0 == "." || $0 == "_" ? "-" : $0 })
    }

    public static let all: [ConfigKey] = [
        ConfigKey(path: "kafka.bootstrap_servers", kind: .list, help: "Kafka brokers, comma-separated host:port"),
        ConfigKey(path: "kafka.topics", kind: .list, help: "topics to consume, comma-separated"),
        ConfigKey(path: "kafka.consumer_group", kind: .string, help: "consumer group id"),
        ConfigKey(path: "kafka.session_timeout_ms", kind: .integer, help: "consumer group session timeout (default 10000)"),
        ConfigKey(path: "kafka.auto_offset_reset", kind: .string, help: "earliest or latest, for partitions without an offset"),
        ConfigKey(path: "batch.max_records", kind: .integer, help: "messages per batch (default 500)"),
        ConfigKey(path: "batch.max_wait_ms", kind: .integer, help: "longest wait for a batch to fill"),
        ConfigKey(path: "warehouse", kind: .string, help: "lakehouse root directory"),
        ConfigKey(path: "metastore.kind", kind: .string, help: "embedded or postgres"),
        ConfigKey(path: "metastore.url", kind: .string, help: "Hive metastore PostgreSQL URL (no password)"),
        ConfigKey(path: "metastore.database", kind: .string, help: "catalog database for the tables (default commcare)"),
        ConfigKey(path: "source.kind", kind: .string, help: "hq, inline or replay"),
        ConfigKey(path: "source.replay_path", kind: .string, help: "JSONL feed for the replay source"),
        ConfigKey(path: "source.hq.main_database", kind: .string, help: "HQ main database (no password)"),
        ConfigKey(path: "source.hq.form_databases", kind: .list, help: "HQ form-processing databases, comma-separated"),
        ConfigKey(path: "source.hq.blob_root", kind: .string, help: "HQ filesystem blob root"),
        ConfigKey(path: "allow.domains", kind: .list, help: "allowed domains (empty = all)"),
        ConfigKey(path: "allow.form_xmlns", kind: .list, help: "allowed form xmlns (empty = all)"),
        ConfigKey(path: "allow.case_types", kind: .list, help: "allowed case types (empty = all)"),
        ConfigKey(path: "tables.format", kind: .string, help: "data files of new tables: native or parquet"),
        ConfigKey(path: "progress_interval_seconds", kind: .integer, help: "seconds between progress lines (default 10)"),
    ]

    /// The key for a dotted path, if it can be overridden.
    public static func named(_ path: String) -> ConfigKey? { all.first { $0.path == path } }
}
