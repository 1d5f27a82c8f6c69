/// JoinGroup (key 11): joins (or rejoins) a consumer group; the leader's response lists every member.
///
/// Brokers may hold this request for seconds (Tansu: half the session timeout; Kafka: up to the rebalance
/// timeout), so group members send it on a connection of their own.
public struct JoinGroupRequest: KafkaRequest {
    public static let apiKey = ApiKey.joinGroup
    public static let versions: ClosedRange<Int16> = 2...7
    public static let firstFlexibleVersion: Int16 = 6

    public var groupID: String
    public var sessionTimeoutMs: Int32
    public var rebalanceTimeoutMs: Int32
    public var memberID: String
    public var groupInstanceID: String?
    public var protocolType: String
    /// (assignor name, subscription metadata).
    public var protocols: [(String, [UInt8])]

    public init(groupID: String, sessionTimeoutMs: Int32, rebalanceTimeoutMs: Int32, memberID: String,
                groupInstanceID: String? = nil, protocolType: String = "consumer", protocols: [(String, [UInt8])]) {
        self.groupID = groupID
        self.sessionTimeoutMs = sessionTimeoutMs
        self.rebalanceTimeoutMs = rebalanceTimeoutMs
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.protocolType = protocolType
        self.protocols = protocols
    }

    public struct Member: Sendable, Equatable {
        public var memberID: String
        public var metadata: [UInt8]
    }

    public struct Response: Sendable, Equatable {
        public var errorCode: KafkaErrorCode
        public var generationID: Int32
        public var protocolName: String?
        public var leader: String
        public var memberID: String
        public var members: [Member]
    }

    public func encode(into w: inout WireWriter, version: Int16) {
        w.writeString(groupID)
        w.writeInt32(sessionTimeoutMs)
        w.writeInt32(rebalanceTimeoutMs)
        w.writeString(memberID)
        if version >= 5 { w.writeNullableString(groupInstanceID) }
        w.writeString(protocolType)
        w.writeArray(protocols) { w, p in
            w.writeString(p.0)
            w.writeBytes(p.1)
            w.writeEmptyTaggedFields()
        }
        w.writeEmptyTaggedFields()
    }

    public static func decodeResponse(_ r: inout WireReader, version: Int16) throws(KafkaError) -> Response {
        _ = try r.readInt32()  // throttle
        let error = KafkaErrorCode(rawValue: try r.readInt16())
        let generation = try r.readInt32()
        if version >= 7 { _ = try r.readNullableString() }  // protocol type
        let protocolName = try r.readNullableString()
        let leader = try r.readString()
        let memberID = try r.readString()
        let members = try r.readArray { (r: inout WireReader) throws(KafkaError) -> Member in
            let id = try r.readString()
            if version >= 5 { _ = try r.readNullableString() }  // group instance id
            let metadata = Array(try r.readBytes())
            try r.skipTaggedFields()
            return Member(memberID: id, metadata: metadata)
        }
        try r.skipTaggedFields()
        return Response(errorCode: error, generationID: generation, protocolName: protocolName, leader: leader,
                        memberID: memberID, members: members)
    }
}
