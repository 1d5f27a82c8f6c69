/// ListOffsets (key 2): the offset for a timestamp, or the earliest (-2) / latest (-1) offset.
public struct ListOffsetsRequest: KafkaRequest {
    public static let apiKey = ApiKey.listOffsets
    public static let versions: ClosedRange<Int16> = 1...7
    public static let firstFlexibleVersion: Int16 = 6

    public static let earliest: Int64 = -2
    public static let latest: Int64 = -1

    /// (topic, [(partition, timestamp)]).
    public var topics: [(String, [(Int32, Int64)])]
    public var isolationLevel: Int8

    public init(topics: [(String, [(Int32, Int64)])], isolationLevel: Int8 = 0) {
        self.topics = topics
        self.isolationLevel = isolationLevel
    }

    public struct PartitionOffset: Sendable, Equatable {
        public var topic: String
        public var partition: Int32
        public var errorCode: KafkaErrorCode
        public var timestamp: Int64
        public var offset: Int64
    }

    public typealias Response = [PartitionOffset]

    public func encode(into w: inout WireWriter, version: Int16) {
        w.writeInt32(-1)  // replica id
        if version >= 2 { w.writeInt8(isolationLevel) }
        w.writeArray(topics) { w, topic in
            w.writeString(topic.0)
            w.writeArray(topic.1) { w, p in
                w.writeInt32(p.0)
                if version >= 4 { w.writeInt32(-1) }  // current leader epoch
                w.writeInt64(p.1)
                w.writeEmptyTaggedFields()
            }
            w.writeEmptyTaggedFields()
        }
        w.writeEmptyTaggedFields()
    }

    public static func decodeResponse(_ r: inout WireReader, version: Int16) throws(KafkaError) -> Response {
        if version >= 2 { _ = try r.readInt32() }
        let topics = try r.readArray { (r: inout WireReader) throws(KafkaError) -> [PartitionOffset] in
            let name = try r.readString()
            let partitions = try r.readArray { (r: inout WireReader) throws(KafkaError) -> PartitionOffset in
                let index = try r.readInt32()
                let error = KafkaErrorCode(rawValue: try r.readInt16())
                let timestamp = try r.readInt64()
                let offset = try r.readInt64()
                if version >= 4 { _ = try r.readInt32() }  // leader epoch
                try r.skipTaggedFields()
                return PartitionOffset(topic: name, partition: index, errorCode: error, timestamp: timestamp, offset: offset)
            }
            try r.skipTaggedFields()
            return partitions
        }
        try r.skipTaggedFields()
        return topics.flatMap { $0 }
    }
}
