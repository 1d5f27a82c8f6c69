import Kafka

/// Exactly-once bookkeeping (issue 9 §2): every table commit carries, as Delta `txn` actions, the next offset of
/// each Kafka partition whose messages it applied. These helpers name those transactions and turn the versions
/// found in the tables back into where to resume and what each table still needs.
public enum IngestProgress {
    /// Prefix of the `txn` app ids written by SwiftLake ingest.
    public static let appIDPrefix = "swiftlake-ingest/"

    /// The `txn` app id of a partition, e.g. `swiftlake-ingest/case-sql/3`. The consumer group is deliberately not
    /// part of it: what a table holds does not depend on which process wrote it.
    public static func appID(_ tp: TopicPartition) -> String {
        appIDPrefix + tp.topic + "/" + String(tp.partition)
    }

    /// The partition of an app id written by `appID`, or nil for any other app id.
    public static func partition(ofAppID id: String) -> TopicPartition? {
        guard id.hasPrefix(appIDPrefix) else { return nil }
        let rest = id.dropFirst(appIDPrefix.count)
        guard let slash = rest.lastIndex(of: "/"), let p = Int32(rest[rest.index(after: slash)...]), p >= 0 else { return nil }
        let topic = rest[..<slash]
        guard !topic.isEmpty else { return nil }
        return TopicPartition(String(topic), p)
    }

    /// The partitions' versions held by one table, from its `txn` app id → version map (other app ids ignored).
    public static func versions(fromTxns txns: [String: Int64]) -> [TopicPartition: Int64] {
        var out: [TopicPartition: Int64] = [:]
        for (id, v) in txns { if let tp = partition(ofAppID: id) { out[tp] = v } }
        return out
    }

    /// Where to resume each partition: the smallest version committed for it across all tables (the quarantine
    /// table included). Partitions no table has seen are absent: start them from the group's committed offset or
    /// the reset policy.
    public static func resumeOffsets(for partitions: some Sequence<TopicPartition>,
                                     tables: [[TopicPartition: Int64]]) -> [TopicPartition: Int64] {
        var out: [TopicPartition: Int64] = [:]
        for tp in partitions {
            let committed = tables.compactMap { $0[tp] }
            if let m = committed.min() { out[tp] = m }
        }
        return out
    }

    /// The changes of a group that a table has not applied yet: those at or after the table's version for their
    /// partition. A redelivered message the table already holds is dropped here, so it is never applied twice.
    public static func unapplied<K>(_ group: ChangeGroup<K>, tableVersions: [TopicPartition: Int64]) -> ChangeGroup<K> {
        var g = group
        g.changes = group.changes.filter { c in
            guard let v = tableVersions[c.message.topicPartition] else { return true }
            return c.message.offset >= v
        }
        return g
    }
}
