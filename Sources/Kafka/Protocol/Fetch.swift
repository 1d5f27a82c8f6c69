/// Fetch (key 1): record batches from partition leaders, with long-poll (`maxWaitMs`, `minBytes`).
/// Versions 4-12 address topics by name; fetch sessions are not used (session id 0, epoch -1).
public struct FetchRequest: KafkaRequest {
    public static let apiKey = ApiKey.fetch
    public static let versions: ClosedRange<Int16> = 4...12
    public static let firstFlexibleVersion: Int16 = 12

    public struct Partition: Sendable, Equatable {
        public var partition: Int32
        public var fetchOffset: Int64
        public var partitionMaxBytes: Int32
        public init(partition: Int32, fetchOffset: Int64, partitionMaxBytes: Int32) {
            self.partition = partition
            self.fetchOffset = fetchOffset
            self.partitionMaxBytes = partitionMaxBytes
        }
    }

    public struct Topic: Sendable, Equatable {
        public var name: String
        public var partitions: [Partition]
        public init(name: String, partitions: [Partition]) {
            self.name = name
            self.partitions = partitions
        }
    }

    public var maxWaitMs: Int32
    public var minBytes: Int32
    public var maxBytes: Int32
    /// 0 = read uncommitted, 1 = read committed.
    public var isolationLevel: Int8
    public var topics: [Topic]

    public init(maxWaitMs: Int32, minBytes: Int32, maxBytes: Int32, isolationLevel: Int8 = 0, topics: [Topic]) {
        self.maxWaitMs = maxWaitMs
        self.minBytes = minBytes
        self.maxBytes = maxBytes
        self.isolationLevel = isolationLevel
        self.topics = topics
    }

    /// A transaction that was rolled back: `producerID`'s transactional records from `firstOffset` up to
    /// that producer's abort marker must not be delivered to a read-committed consumer.
    public struct AbortedTransaction: Sendable, Hashable {
        public var producerID: Int64
        public var firstOffset: Int64
        public init(producerID: Int64, firstOffset: Int64) {
            self.producerID = producerID
            self.firstOffset = firstOffset
        }
    }

    public struct PartitionData: Sendable {
        public var partition: Int32
        public var errorCode: KafkaErrorCode
        public var highWatermark: Int64
        /// Offsets below it belong to decided transactions (read-committed fetches stop there).
        public var lastStableOffset: Int64
        public var logStartOffset: Int64
        /// Aborted transactions overlapping the returned records (read committed only; empty otherwise).
        public var abortedTransactions: [AbortedTransaction]
        /// Where the RECORDS field lies in `frame` (nil when null).
        public var records: Range<Int>?
    }

    public struct TopicData: Sendable {
        public var name: String
        public var partitions: [PartitionData]
    }

    public struct Response: Sendable {
        public var errorCode: KafkaErrorCode
        public var topics: [TopicData]
        /// The whole response frame; record ranges point into it.
        public var frame: [UInt8]
    }

    public func encode(into w: inout WireWriter, version: Int16) {
        w.writeInt32(-1)  // replica id: a consumer
        w.writeInt32(maxWaitMs)
        w.writeInt32(minBytes)
        w.writeInt32(maxBytes)
        w.writeInt8(isolationLevel)
        if version >= 7 {
            w.writeInt32(0)  // session id
            w.writeInt32(-1)  // session epoch: no session
        }
        w.writeArray(topics) { w, topic in
            w.writeString(topic.name)
            w.writeArray(topic.partitions) { w, p in
                w.writeInt32(p.partition)
                if version >= 9 { w.writeInt32(-1) }  // current leader epoch: unknown
                w.writeInt64(p.fetchOffset)
                if version >= 12 { w.writeInt32(-1) }  // last fetched epoch
                if version >= 5 { w.writeInt64(-1) }  // log start offset (followers only)
                w.writeInt32(p.partitionMaxBytes)
                w.writeEmptyTaggedFields()
            }
            w.writeEmptyTaggedFields()
        }
        if version >= 7 { w.writeArrayCount(0) }  // forgotten topics
        if version >= 11 { w.writeString("") }  // rack id
        w.writeEmptyTaggedFields()
    }

    public static func decodeResponse(_ r: inout WireReader, version: Int16) throws(KafkaError) -> Response {
        _ = try r.readInt32()  // throttle
        var error = KafkaErrorCode.none
        if version >= 7 {
            error = KafkaErrorCode(rawValue: try r.readInt16())
            _ = try r.readInt32()  // session id
        }
        let topics = try r.readArray { (r: inout WireReader) throws(KafkaError) -> TopicData in
            let name = try r.readString()
            let partitions = try r.readArray { (r: inout WireReader) throws(KafkaError) -> PartitionData in
                let index = try r.readInt32()
                let error = KafkaErrorCode(rawValue: try r.readInt16())
                let hw = try r.readInt64()
                let lso = try r.readInt64()
                let logStart = version >= 5 ? try r.readInt64() : -1
                let aborted = try r.readArray { (r: inout WireReader) throws(KafkaError) -> AbortedTransaction in
                    let transaction = AbortedTransaction(producerID: try r.readInt64(), firstOffset: try r.readInt64())
                    try r.skipTaggedFields()
                    return transaction
                }
                if version >= 11 { _ = try r.readInt32() }  // preferred read replica
                let records = try r.readNullableBytesRange()
                try r.skipTaggedFields()
                return PartitionData(partition: index, errorCode: error, highWatermark: hw, lastStableOffset: lso,
                                     logStartOffset: logStart, abortedTransactions: aborted, records: records)
            }
            try r.skipTaggedFields()
            return TopicData(name: name, partitions: partitions)
        }
        try r.skipTaggedFields()
        return Response(errorCode: error, topics: topics, frame: r.buffer)
    }
}
