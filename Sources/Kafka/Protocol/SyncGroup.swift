/// SyncGroup (key 14): the leader hands out assignments; every member receives its own.
public struct SyncGroupRequest: KafkaRequest {
    public static let apiKey = ApiKey.syncGroup
    public static let versions: ClosedRange<Int16> = 1...5
    public static let firstFlexibleVersion: Int16 = 4

    public var groupID: String
    public var generationID: Int32
    public var memberID: String
    public var groupInstanceID: String?
    public var protocolName: String?
    /// (member id, assignment); empty for followers.
    public var assignments: [(String, [UInt8])]

    public init(groupID: String, generationID: Int32, memberID: String, groupInstanceID: String? = nil,
                protocolName: String?, assignments: [(String, [UInt8])]) {
        self.groupID = groupID
        self.generationID = generationID
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.protocolName = protocolName
        self.assignments = assignments
    }

    public struct Response: Sendable, Equatable {
        public var errorCode: KafkaErrorCode
        public var assignment: [UInt8]
    }

    public func encode(into w: inout WireWriter, version: Int16) {
        w.writeString(groupID)
        w.writeInt32(generationID)
        w.writeString(memberID)
        if version >= 3 { w.writeNullableString(groupInstanceID) }
        if version >= 5 {
            w.writeNullableString("consumer")
            w.writeNullableString(protocolName)
        }
        w.writeArray(assignments) { w, a in
            w.writeString(a.0)
            w.writeBytes(a.1)
            w.writeEmptyTaggedFields()
        }
        w.writeEmptyTaggedFields()
    }

    public static func decodeResponse(_ r: inout WireReader, version: Int16) throws(KafkaError) -> Response {
        _ = try r.readInt32()  // throttle
        let error = KafkaErrorCode(rawValue: try r.readInt16())
        if version >= 5 {
            _ = try r.readNullableString()
            _ = try r.readNullableString()
        }
        let assignment = Array(try r.readBytes())
        try r.skipTaggedFields()
        return Response(errorCode: error, assignment: assignment)
    }
}
