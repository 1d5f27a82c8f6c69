/// One message that could not be ingested, as stored in the warehouse's quarantine table.
///
/// Nothing is dropped silently: a malformed message, an unknown document or a transform error becomes one of
/// these, with the exact Kafka coordinates so the message can be found and replayed.
public struct QuarantineRecord: Sendable, Equatable {
    /// Which stage rejected the message.
    public enum Kind: String, Sendable, CaseIterable {
        /// The value is not a valid ChangeMeta (bad JSON, missing fields, …).
        case malformedChange = "malformed_change"
        /// The topic is not one SwiftLake ingests.
        case unknownTopic = "unknown_topic"
        /// The document source has no document with this id.
        case missingDocument = "missing_document"
        /// The document could not be read or converted (bad form XML, unreadable blob, bad JSON).
        case badDocument = "bad_document"
        /// A transform failed on the document.
        case transformFailed = "transform_failed"
        /// The table refused the record for a reason of its own that every retry would meet again (a value its
        /// partition column's type cannot hold, …); found by `RecordIsolation`, the rest of the batch went in.
        case writeFailed = "write_failed"
    }

    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var key: [UInt8]?
    /// The Kafka message value, or for document errors the document as compact JSON.
    public var rawValue: [UInt8]?
    public var kind: Kind
    /// A human-readable reason (the typed error's description).
    public var error: String
    /// When it was quarantined, in microseconds since the Unix epoch.
    public var time: Int64

    public init(topic: String, partition: Int32, offset: Int64, key: [UInt8]?, rawValue: [UInt8]?, kind: Kind,
                error: String, time: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.rawValue = rawValue
        self.kind = kind
        self.error = error
        self.time = time
    }

    /// Creates the record for `message` failing with `error`.
    public init(message: IncomingMessage, kind: Kind, error: some Error, rawValue: [UInt8]? = nil, time: Int64) {
        self.init(topic: message.topic, partition: message.partition, offset: message.offset, key: message.key,
                  rawValue: rawValue ?? message.value, kind: kind, error: String(describing: error), time: time)
    }

    /// The row for the quarantine table. Bytes that are valid UTF-8 are stored as text; others as
    /// `base64:` followed by their Base64 encoding, so any message can be stored and recovered.
    public var row: FlatRecord {
        FlatRecord([
            ("topic", .string(topic)),
            ("partition", .int64(Int64(partition))),
            ("offset", .int64(offset)),
            ("key", key.map { .string(Self.text($0)) } ?? .null),
            ("raw_value", rawValue.map { .string(Self.text($0)) } ?? .null),
            ("error_kind", .string(kind.rawValue)),
            ("error", .string(error)),
            ("time", .timestamp(time)),
        ])
    }

    /// The name of the quarantine table in the warehouse.
    public static let tableName = "swiftlake_quarantine"

    static func text(_ bytes: [UInt8]) -> String {
        if let s = String(validating: bytes, as: UTF8.self), !s.hasPrefix("base64:") { return s }
        return "base64:" + Base64.encode(bytes)
    }
}
