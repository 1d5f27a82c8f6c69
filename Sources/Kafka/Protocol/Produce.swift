/// Produce (key 0): appends record batches to partitions.
public struct ProduceRequest: KafkaRequest {
    public static let apiKey = ApiKey.produce
    public static let versions: ClosedRange<Int16> = 3...9
    public static let firstFlexibleVersion: Int16 = 9

    /// 0 = no acknowledgement, 1 = leader, -1 = all in-sync replicas.
    public var acks: Int16
    public var timeoutMs: Int32
    /// (topic, [(partition, encoded record batches)]).
    public var topics: [(String, [(Int32, [UInt8])])]

    public init(acks: Int16, timeoutMs: Int32, topics: [(String, [(Int32, [UInt8])])]) {
        self.acks = acks
        self.timeoutMs = timeoutMs
        self.topics = topics
    }

    /// Apache Kafka sends no response to acks=0. (Some brokers do; the connection drops such strays.)
    public var expectsResponse: Bool { acks != 0 }

    public struct PartitionResult: Sendable, Equatable {
        public var topic: String
        public var partition: Int32
        public var errorCode: KafkaErrorCode
        public var baseOffset: Int64
        public var errorMessage: String?
    }

    public typealias Response = [PartitionResult]

    public func encode(into w: inout WireWriter, version: Int16) {
        w.writeNullableString(nil)  // transactional id
        w.writeInt16(acks)
        w.writeInt32(timeoutMs)
        w.writeArray(topics) { w, topic in
            w.writeString(topic.0)
            w.writeArray(topic.1) { w, p in
                w.writeInt32(p.0)
                w.writeBytes(p.1)
                w.writeEmptyTaggedFields()
            }
            w.writeEmptyTaggedFields()
        }
        w.writeEmptyTaggedFields()
    }

    public static func decodeResponse(_ r: inout WireReader, version: Int16) throws(KafkaError) -> Response {
        let topics = try r.readArray { (r: inout WireReader) throws(KafkaError) -> [PartitionResult] in
            let name = try r.readString()
            let partitions = try r.readArray { (r: inout WireReader) throws(KafkaError) -> PartitionResult in
                let index = try r.readInt32()
                let error = KafkaErrorCode(rawValue: try r.readInt16())
                let baseOffset = try r.readInt64()
                _ = try r.readInt64()  // log append time
                if version >= 5 { _ = try r.readInt64() }  // log start offset
                var message: String?
                if version >= 8 {
                    _ = try r.readArray { (r: inout WireReader) throws(KafkaError) in
                        _ = try r.readInt32()
                        _ = try r.readNullableString()
                        try r.skipTaggedFields()
                    }
                    message = try r.readNullableString()
                }
                try r.skipTaggedFields()
                return PartitionResult(topic: name, partition: index, errorCode: error, baseOffset: baseOffset,
                                       errorMessage: message)
            }
            try r.skipTaggedFields()
            return partitions
        }
        _ = try r.readInt32()  // throttle
        try r.skipTaggedFields()
        return topics.flatMap { $0 }
    }
}
