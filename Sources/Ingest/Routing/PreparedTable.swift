import Kafka

/// The outcome of preparing one upsert group: records ready to merge, messages to quarantine, and the offsets the
/// table's commit must carry.
public struct PreparedTable: Sendable {
    public var table: TableIdentity
    /// One record per distinct document id of the group (the version the source returned), in first-seen order.
    public var records: [FlatRecord]
    /// The document id of each record (aligned with `records`; a transform may rename or drop `_id`).
    public var recordIDs: [String] = []
    /// The last message of each record's id (aligned with `records`): the one quarantined if the table refuses the
    /// record.
    public var recordMessages: [IncomingMessage] = []
    public var quarantined: [QuarantineRecord]
    /// For each partition with messages in the group: the offset after the group's last message (the `txn`
    /// version to commit with the data).
    public var nextOffsets: [TopicPartition: Int64]
}
