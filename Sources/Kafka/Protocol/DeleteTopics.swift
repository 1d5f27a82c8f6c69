/// DeleteTopics (key 20): deletes topics by name.
public struct DeleteTopicsRequest: KafkaRequest {
    public static let apiKey = ApiKey.deleteTopics
    public static let versions: ClosedRange<Int16> = 1...5
    public static let firstFlexibleVersion: Int16 = 4

    public var names: [String]
    public var timeoutMs: Int32

    public init(names: [String], timeoutMs: Int32) {
        self.names = names
        self.timeoutMs = timeoutMs
    }

    public typealias Response = [CreateTopicsRequest.TopicResult]

    public func encode(into w: inout WireWriter, version: Int16) {
        w.writeArray(names) { w, name in w.writeString(name) }
        w.writeInt32(timeoutMs)
        w.writeEmptyTaggedFields()
    }

    public static func decodeResponse(_ r: inout WireReader, version: Int16) throws(KafkaError) -> Response {
        _ = try r.readInt32()  // throttle
        let topics = try r.readArray { (r: inout WireReader) throws(KafkaError) -> CreateTopicsRequest.TopicResult in
            let name = try r.readString()
            let error = KafkaErrorCode(rawValue: try r.readInt16())
            let message = version >= 5 ? try r.readNullableString() : nil
            try r.skipTaggedFields()
            return .init(name: name, errorCode: error, errorMessage: message)
        }
        try r.skipTaggedFields()
        return topics
    }
}
