/// A record header: a non-null UTF-8 key and a value that may be null (distinct from empty).
public struct KafkaHeader: Sendable, Hashable {
    public var key: String
    public var value: [UInt8]?

    public init(key: String, value: [UInt8]?) {
        self.key = key
        self.value = value
    }
}

/// How a record's timestamp was assigned.
public enum KafkaTimestampType: Sendable, Hashable {
    case createTime
    case logAppendTime
}

/// A record read from a partition. `key` and `value` distinguish null (nil) from empty, and share the storage
/// of the fetched (or decompressed) batch, so decoding copies no payload bytes.
public struct KafkaRecord: Sendable, Hashable {
    public var offset: Int64
    public var timestamp: Int64
    public var timestampType: KafkaTimestampType
    public var key: ArraySlice<UInt8>?
    public var value: ArraySlice<UInt8>?
    public var headers: [KafkaHeader]

    public init(offset: Int64, timestamp: Int64, timestampType: KafkaTimestampType = .createTime,
                key: ArraySlice<UInt8>?, value: ArraySlice<UInt8>?, headers: [KafkaHeader] = []) {
        self.offset = offset
        self.timestamp = timestamp
        self.timestampType = timestampType
        self.key = key
        self.value = value
        self.headers = headers
    }
}

/// A record to produce. A nil `timestamp` means "now" when the batch is built.
public struct ProducerRecord: Sendable, Hashable {
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [KafkaHeader]
    public var timestamp: Int64?

    public init(key: [UInt8]?, value: [UInt8]?, headers: [KafkaHeader] = [], timestamp: Int64? = nil) {
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }
}

/// The compression codec of a record batch (attributes bits 0-2).
public enum KafkaCompression: Int16, Sendable, CaseIterable {
    case none = 0, gzip = 1, snappy = 2, lz4 = 3, zstd = 4
}
