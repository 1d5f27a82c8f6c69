/// CreateTopics (key 19): creates topics with a partition count and replication factor.
public struct CreateTopicsRequest: KafkaRequest {
    public static let apiKey = ApiKey.createTopics
    public static let versions: ClosedRange<Int16> = 2...5
    public static let firstFlexibleVersion: Int16 = 5

    /// (name, partitions, replication factor, configs).
    public var topics: [(String, Int32, Int16, [(String, String?)])]
    public var timeoutMs: Int32

    public init(topics: [(String, Int32, Int16, [(String, String?)])], timeoutMs: Int32) {
        self.topics = topics
        self.timeoutMs = timeoutMs
    }

    public struct TopicResult: Sendable, Equatable {
        public var name: String
        public var errorCode: KafkaErrorCode
        public var errorMessage: String?
    }

    public typealias Response = [TopicResult]

    public func encode(into w: inout WireWriter, version: Int16) {
        w.writeArray(topics) { w, t in
            w.writeString(t.0)
            w.writeInt32(t.1)
            w.writeInt16(t.2)
            w.writeArrayCount(0)  // manual replica assignments
            w.writeArray(t.3) { w, c in
                w.writeString(c.0)
                w.writeNullableString(c.1)
                w.writeEmptyTaggedFields()
            }
            w.writeEmptyTaggedFields()
        }
        w.writeInt32(timeoutMs)
        w.writeBool(false)  // validate only
        w.writeEmptyTaggedFields()
    }

    public static func decodeResponse(_ r: inout WireReader, version: Int16) throws(KafkaError) -> Response {
        _ = try r.readInt32()  // throttle
        let topics = try r.readArray { (r: inout WireReader) throws(KafkaError) -> TopicResult in
            let name = try r.readString()
            let error = KafkaErrorCode(rawValue: try r.readInt16())
            let message = try r.readNullableString()
            if version >= 5 {
                _ = try r.readInt32()  // partitions
                _ = try r.readInt16()  // replication factor
                _ = try r.readArray { (r: inout WireReader) throws(KafkaError) in
                    _ = try r.readString()
                    _ = try r.readNullableString()
                    _ = try r.readBool()
                    _ = try r.readInt8()
                    _ = try r.readBool()
                    try r.skipTaggedFields()
                }
            }
            try r.skipTaggedFields()
            return TopicResult(name: name, errorCode: error, errorMessage: message)
        }
        try r.skipTaggedFields()
        return topics
    }
}
