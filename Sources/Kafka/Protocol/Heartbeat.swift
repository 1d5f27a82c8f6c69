/// Heartbeat (key 12): keeps a member alive; REBALANCE_IN_PROGRESS tells it to rejoin.
public struct HeartbeatRequest: KafkaRequest {
    public static let apiKey = ApiKey.heartbeat
    public static let versions: ClosedRange<Int16> = 1...4
    public static let firstFlexibleVersion: Int16 = 4

    public var groupID: String
    public var generationID: Int32
    public var memberID: String
    public var groupInstanceID: String?

    public init(groupID: String, generationID: Int32, memberID: String, groupInstanceID: String? = nil) {
        self.groupID = groupID
        self.generationID = generationID
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
    }

    public typealias Response = KafkaErrorCode

    public func encode(into w: inout WireWriter, version: Int16) {
        w.writeString(groupID)
        w.writeInt32(generationID)
        w.writeString(memberID)
        if version >= 3 { w.writeNullableString(groupInstanceID) }
        w.writeEmptyTaggedFields()
    }

    public static func decodeResponse(_ r: inout WireReader, version: Int16) throws(KafkaError) -> Response {
        _ = try r.readInt32()  // throttle
        let error = KafkaErrorCode(rawValue: try r.readInt16())
        try r.skipTaggedFields()
        return error
    }
}
