/// The "consumer" embedded protocol carried opaquely by JoinGroup (subscriptions) and SyncGroup
/// (assignments). Version 0 is written; later versions are read by their v0 prefix, which they extend.
public enum ConsumerProtocol {
    /// Subscription: version int16, topics [string], user_data nullable bytes.
    public static func encodeSubscription(topics: [String]) -> [UInt8] {
        var w = WireWriter()
        w.writeInt16(0)
        w.writeArray(topics.sorted()) { w, t in w.writeString(t) }
        w.writeNullableBytes(nil as [UInt8]?)
        return w.bytes
    }

    public static func decodeSubscription(_ bytes: [UInt8]) throws(KafkaError) -> [String] {
        var r = WireReader(bytes)
        _ = try r.readInt16()
        return try r.readArray { (r: inout WireReader) throws(KafkaError) in try r.readString() }
    }

    /// Assignment: version int16, [topic string, partitions [int32]], user_data nullable bytes.
    public static func encodeAssignment(_ partitions: [TopicPartition]) -> [UInt8] {
        var w = WireWriter()
        w.writeInt16(0)
        let byTopic = Dictionary(grouping: partitions, by: \.topic).sorted { $0.key < $1.key }
        w.writeArray(byTopic) { w, entry in
            w.writeString(entry.key)
            w.writeArray(entry.value.map(\.partition).sorted()) { w, p in w.writeInt32(p) }
        }
        w.writeNullableBytes(nil as [UInt8]?)
        return w.bytes
    }

    public static func decodeAssignment(_ bytes: [UInt8]) throws(KafkaError) -> [TopicPartition] {
        guard !bytes.isEmpty else { return [] }
        var r = WireReader(bytes)
        _ = try r.readInt16()
        let topics = try r.readArray { (r: inout WireReader) throws(KafkaError) -> [TopicPartition] in
            let topic = try r.readString()
            return try r.readArray { (r: inout WireReader) throws(KafkaError) in TopicPartition(topic, try r.readInt32()) }
        }
        return topics.flatMap { $0 }.sorted()
    }
}

/// Kafka's "range" assignor: per topic, the sorted partitions are split into contiguous ranges over the
/// members subscribed to it (sorted by member id); the first `partitions % members` members get one extra.
public enum RangeAssignor {
    public static let name = "range"

    /// `subscriptions`: member id → topics; `partitionCounts`: topic → number of partitions.
    public static func assign(subscriptions: [String: [String]],
                              partitionCounts: [String: Int32]) -> [String: [TopicPartition]] {
        var out: [String: [TopicPartition]] = Dictionary(uniqueKeysWithValues: subscriptions.keys.map { ($0, []) })
        let topics = Set(subscriptions.values.flatMap { $0 })
        for topic in topics.sorted() {
            guard let count = partitionCounts[topic], count > 0 else { continue }
            let members = subscriptions.filter { $0.value.contains(topic) }.keys.sorted()
            guard !members.isEmpty else { continue }
            let per = Int(count) / members.count
            let extra = Int(count) % members.count
            var next: Int32 = 0
            for (i, member) in members.enumerated() {
                let n = per + (i < extra ? 1 : 0)
                for p in next..<next + Int32(n) { out[member, default: []].append(TopicPartition(topic, p)) }
                next += Int32(n)
            }
        }
        return out
    }
}
