/// InitProducerId (key 22): a producer id and epoch for idempotent (and transactional) producing.
/// An idempotent producer sends no transactional id, so any broker may answer.
public struct InitProducerIdRequest: KafkaRequest {
    public static let apiKey = ApiKey.initProducerId
    public static let versions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16 = 2

    /// Nil for a producer that is idempotent but not transactional.
    public var transactionalID: String?
    public var transactionTimeoutMs: Int32
    /// The current id and epoch when asking for an epoch bump (v3+); -1 for a fresh producer.
    public var producerID: Int64
    public var producerEpoch: Int16

    public init(transactionalID: String? = nil, transactionTimeoutMs: Int32 = Int32.max,
                producerID: Int64 = -1, producerEpoch: Int16 = -1) {
        self.transactionalID = transactionalID
        self.transactionTimeoutMs = transactionTimeoutMs
        self.producerID = producerID
        self.producerEpoch = producerEpoch
    }

    public struct Response: Sendable, Equatable {
        public var errorCode: KafkaErrorCode
        public var producerID: Int64
        public var producerEpoch: Int16
    }

    public func encode(into w: inout WireWriter, version: Int16) {
        w.writeNullableString(transactionalID)
        w.writeInt32(transactionTimeoutMs)
        if version >= 3 {
            w.writeInt64(producerID)
            w.writeInt16(producerEpoch)
        }
        w.writeEmptyTaggedFields()
    }

    public static func decodeResponse(_ r: inout WireReader, version: Int16) throws(KafkaError) -> Response {
        _ = try r.readInt32()  // throttle
        let response = Response(errorCode: KafkaErrorCode(rawValue: try r.readInt16()), producerID: try r.readInt64(),
                                producerEpoch: try r.readInt16())
        try r.skipTaggedFields()
        return response
    }
}
