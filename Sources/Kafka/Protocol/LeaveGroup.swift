/// LeaveGroup (key 13): leaves a group at once so its partitions move without waiting for the session timeout.
public struct LeaveGroupRequest: KafkaRequest {
    public static let apiKey = ApiKey.leaveGroup
    public static let versions: ClosedRange<Int16> = 1...4
    public static let firstFlexibleVersion: Int16 = 4

    public var groupID: String
    public var memberID: String

    public init(groupID: String, memberID: String) {
        self.groupID = groupID
        self.memberID = memberID
    }

    public typealias Response = KafkaErrorCode

    public func encode(into w: inout WireWriter, version: Int16) {
        w.writeString(groupID)
        if version >= 3 {
            w.writeArray([memberID]) { w, id in
                w.writeString(id)
                w.writeNullableString(nil)  // group instance id
                w.writeEmptyTaggedFields()
            }
        } else {
            w.writeString(memberID)
        }
        w.writeEmptyTaggedFields()
    }

    public static func decodeResponse(_ r: inout WireReader, version: Int16) throws(KafkaError) -> Response {
        _ = try r.readInt32()  // throttle
        var error = KafkaErrorCode(rawValue: try r.readInt16())
        if version >= 3 {
            let memberErrors = try r.readArray { (r: inout WireReader) throws(KafkaError) -> KafkaErrorCode in
                _ = try r.readString()
                _ = try r.readNullableString()
                let code = KafkaErrorCode(rawValue: try r.readInt16())
                try r.skipTaggedFields()
                return code
            }
            if error == .none, let first = memberErrors.first(where: { $0 != .none }) { error = first }
        }
        try r.skipTaggedFields()
        return error
    }
}
