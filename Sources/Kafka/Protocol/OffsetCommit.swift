/// OffsetCommit (key 8): stores consumer positions at the group coordinator.
/// Generation -1 with an empty member id commits without group membership.
public struct OffsetCommitRequest: KafkaRequest {
    public static let apiKey = ApiKey.offsetCommit
    public static let versions: ClosedRange<Int16> = 2...8
    public static let firstFlexibleVersion: Int16 = 8

    public var groupID: String
    public var generationID: Int32
    public var memberID: String
    /// (topic, [(partition, offset to resume from, metadata)]).
    public var topics: [(String, [(Int32, Int64, String?)])]

    public init(groupID: String, generationID: Int32 = -1, memberID: String = "",
                topics: [(String, [(Int32, Int64, String?)])]) {
        self.groupID = groupID
        self.generationID = generationID
        self.memberID = memberID
        self.topics = topics
    }

    public struct PartitionResult: Sendable, Equatable {
        public var topic: String
        public var partition: Int32
        public var errorCode: KafkaErrorCode
    }

    public typealias Response = [PartitionResult]

    public func encode(into w: inout WireWriter, version: Int16) {
        w.writeString(groupID)
        w.writeInt32(generationID)
        w.writeString(memberID)
        if version >= 7 { w.writeNullableString(nil) }  // group instance id
        if version <= 4 { w.writeInt64(-1) }  // retention: broker default
        w.writeArray(topics) { w, topic in
            w.writeString(topic.0)
            w.writeArray(topic.1) { w, p in
                w.writeInt32(p.0)
                w.writeInt64(p.1)
                if version >= 6 { w.writeInt32(-1) }  // committed leader epoch
                w.writeNullableString(p.2)
                w.writeEmptyTaggedFields()
            }
            w.writeEmptyTaggedFields()
        }
        w.writeEmptyTaggedFields()
    }

    public static func decodeResponse(_ r: inout WireReader, version: Int16) throws(KafkaError) -> Response {
        if version >= 3 { _ = try r.readInt32() }
        let topics = try r.readArray { (r: inout WireReader) throws(KafkaError) -> [PartitionResult] in
            let name = try r.readString()
            let partitions = try r.readArray { (r: inout WireReader) throws(KafkaError) -> PartitionResult in
                let result = PartitionResult(topic: name, partition: try r.readInt32(),
                                             errorCode: KafkaErrorCode(rawValue: try r.readInt16()))
                try r.skipTaggedFields()
                return result
            }
            try r.skipTaggedFields()
            return partitions
        }
        try r.skipTaggedFields()
        return topics.flatMap { $0 }
    }
}
