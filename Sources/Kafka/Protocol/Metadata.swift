/// Metadata (key 3): brokers, and the partitions and leaders of topics.
public struct MetadataRequest: KafkaRequest {
    public static let apiKey = ApiKey.metadata
    public static let versions: ClosedRange<Int16> = 1...12
    public static let firstFlexibleVersion: Int16 = 9

    /// Topics to describe; nil asks for all topics.
    public var topics: [String]?
    /// Whether the broker may create unknown topics (v4+; v1-v3 brokers always may).
    public var allowAutoTopicCreation: Bool

    public init(topics: [String]?, allowAutoTopicCreation: Bool = false) {
        self.topics = topics
        self.allowAutoTopicCreation = allowAutoTopicCreation
    }

    public struct Broker: Sendable, Equatable {
        public var nodeID: Int32
        public var host: String
        public var port: Int32
        public var rack: String?
    }

    public struct Partition: Sendable, Equatable {
        public var errorCode: KafkaErrorCode
        public var partition: Int32
        public var leader: Int32
        public var leaderEpoch: Int32
        public var replicas: [Int32]
        public var isr: [Int32]
    }

    public struct Topic: Sendable, Equatable {
        public var errorCode: KafkaErrorCode
        public var name: String
        public var topicID: [UInt8]
        public var isInternal: Bool
        public var partitions: [Partition]
    }

    public struct Response: Sendable, Equatable {
        public var brokers: [Broker]
        public var clusterID: String?
        public var controllerID: Int32
        public var topics: [Topic]
    }

    public func encode(into w: inout WireWriter, version: Int16) {
        if let topics {
            w.writeArray(topics) { w, name in
                if version >= 10 { w.writeUUID([]) }
                w.writeString(name)
                w.writeEmptyTaggedFields()
            }
        } else {
            w.writeArrayCount(nil)
        }
        if version >= 4 { w.writeBool(allowAutoTopicCreation) }
        if version >= 8 && version <= 10 { w.writeBool(false) }  // include cluster authorized operations
        if version >= 8 { w.writeBool(false) }  // include topic authorized operations
        w.writeEmptyTaggedFields()
    }

    public static func decodeResponse(_ r: inout WireReader, version: Int16) throws(KafkaError) -> Response {
        if version >= 3 { _ = try r.readInt32() }  // throttle
        let brokers = try r.readArray { (r: inout WireReader) throws(KafkaError) -> Broker in
            let b = Broker(nodeID: try r.readInt32(), host: try r.readString(), port: try r.readInt32(),
                           rack: try r.readNullableString())
            try r.skipTaggedFields()
            return b
        }
        let clusterID = version >= 2 ? try r.readNullableString() : nil
        let controller = try r.readInt32()
        let topics = try r.readArray { (r: inout WireReader) throws(KafkaError) -> Topic in
            let error = KafkaErrorCode(rawValue: try r.readInt16())
            let name = try r.readString()
            let topicID = version >= 10 ? try r.readUUID() : []
            let isInternal = try r.readBool()
            let partitions = try r.readArray { (r: inout WireReader) throws(KafkaError) -> Partition in
                let error = KafkaErrorCode(rawValue: try r.readInt16())
                let index = try r.readInt32()
                let leader = try r.readInt32()
                let epoch = version >= 7 ? try r.readInt32() : -1
                let replicas = try r.readArray { (r: inout WireReader) throws(KafkaError) in try r.readInt32() }
                let isr = try r.readArray { (r: inout WireReader) throws(KafkaError) in try r.readInt32() }
                if version >= 5 { _ = try r.readArray { (r: inout WireReader) throws(KafkaError) in try r.readInt32() } }
                try r.skipTaggedFields()
                return Partition(errorCode: error, partition: index, leader: leader, leaderEpoch: epoch,
                                 replicas: replicas, isr: isr)
            }
            if version >= 8 { _ = try r.readInt32() }  // topic authorized operations
            try r.skipTaggedFields()
            return Topic(errorCode: error, name: name, topicID: topicID, isInternal: isInternal, partitions: partitions)
        }
        if version >= 8 && version <= 10 { _ = try r.readInt32() }  // cluster authorized operations
        try r.skipTaggedFields()
        return Response(brokers: brokers, clusterID: clusterID, controllerID: controller, topics: topics)
    }
}
