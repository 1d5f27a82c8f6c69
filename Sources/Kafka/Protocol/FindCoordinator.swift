/// FindCoordinator (key 10): the broker that coordinates a consumer group.
public struct FindCoordinatorRequest: KafkaRequest {
    public static let apiKey = ApiKey.findCoordinator
    public static let versions: ClosedRange<Int16> = 1...3
    public static let firstFlexibleVersion: Int16 = 3

    public var groupID: String
    public init(groupID: String) { self.groupID = groupID }

    public struct Response: Sendable, Equatable {
        public var errorCode: KafkaErrorCode
        public var errorMessage: String?
        public var nodeID: Int32
        public var host: String
        public var port: Int32
    }

    public func encode(into w: inout WireWriter, version: Int16) {
        w.writeString(groupID)
        w.writeInt8(0)  // key type: group
        w.writeEmptyTaggedFields()
    }

    public static func decodeResponse(_ r: inout WireReader, version: Int16) throws(KafkaError) -> Response {
        _ = try r.readInt32()  // throttle
        let response = Response(errorCode: KafkaErrorCode(rawValue: try r.readInt16()),
                                errorMessage: try r.readNullableString(), nodeID: try r.readInt32(),
                                host: try r.readString(), port: try r.readInt32())
        try r.skipTaggedFields()
        return response
    }
}
