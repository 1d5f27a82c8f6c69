import Kafka

/// The outcome of preparing one domain's location changes for the `<domain>_location` table.
public struct PreparedLocations: Sendable {
    public var domain: String
    /// One hierarchy row for every location in the changed subtrees (`LocationNode.hierarchyRecord`).
    public var rows: [FlatRecord]
    /// Locations deleted in HQ (with their subtrees, which HQ deletes too): remove every row whose `_id` or any
    /// `<type>_id` column is one of these.
    public var deletedIDs: [String]
    public var quarantined: [QuarantineRecord]
    public var nextOffsets: [TopicPartition: Int64]
}
