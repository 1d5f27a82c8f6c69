/// OffsetFetch (key 9): reads committed positions. Partitions are always listed explicitly
/// (some brokers answer the "all partitions" form malformed).
public struct OffsetFetchRequest: KafkaRequest {
    public static let apiKey = ApiKey.offsetFetch
    public static let versions: ClosedRange<Int16> = 1...7
    public static let firstFlexibleVersion: Int16 = 6

    public var groupID: String
    /// (topic, partitions).
    public var topics: [(String, [Int32])]

    public init(groupID: String, topics: [(String, [Int32])]) {
        self.groupID = groupID
        self.topics = topics
    }

    public struct PartitionOffset: Sendable, Equatable {
        public var topic: String
        public var partition: Int32
        /// The committed position, or -1 when nothing was committed.
        public var offset: Int64
        public var metadata: String?
        public var errorCode: KafkaErrorCode
    }

    public struct Response: Sendable, Equatable {
        public var errorCode: KafkaErrorCode
        public var partitions: [PartitionOffset]
    }

    public func encode(into w: inout WireWriter, version: Int16) {
        w.writeString(groupID)
        w.writeArray(topics) { w, topic in
            w.writeString(topic.0)
            w.writeArray(topic.1) { w, p in w.writeInt32(p) }
            w.writeEmptyTaggedFields()
        }
        if version >= 7 { w.writeBool(false) }  // require stable
        w.writeEmptyTaggedFields()
    }

    public static func decodeResponse(_ r: inout WireReader, version: Int16) throws(KafkaError) -> Response {
        if version >= 3 { _ = try r.readInt32() }
        let topics = try r.readArray { (r: inout WireReader) throws(KafkaError) -> [PartitionOffset] in
            let name = try r.readString()
            let partitions = try r.readArray { (r: inout WireReader) throws(KafkaError) -> PartitionOffset in
                let index = try r.readInt32()
                let offset = try r.readInt64()
                if version >= 5 { _ = try r.readInt32() }  // committed leader epoch
                let metadata = try r.readNullableString()
                let error = KafkaErrorCode(rawValue: try r.readInt16())
                try r.skipTaggedFields()
                return PartitionOffset(topic: name, partition: index, offset: offset, metadata: metadata, errorCode: error)
            }
            try r.skipTaggedFields()
            return partitions
        }
        let error = version >= 2 ? KafkaErrorCode(rawValue: try r.readInt16()) : .none
        try r.skipTaggedFields()
        return Response(errorCode: error, partitions: topics.flatMap { $0 })
    }
}
