import Codecs

/// Every failure the Kafka client reports. Each case says what went wrong and where, so a caller can
/// log it precisely and decide whether to retry (see ``isRetriable``).
public enum KafkaError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A frame or field ended before `needed` more bytes could be read at `offset`.
    case truncated(offset: Int, needed: Int)
    /// A length, count or size prefix read at `offset` is negative or larger than the bytes that remain.
    case invalidLength(offset: Int, value: Int)
    /// A varint at `offset` is longer than its type allows.
    case invalidVarint(offset: Int)
    /// A string at `offset` is not valid UTF-8.
    case invalidString(offset: Int)
    /// A response or batch had bytes left after its last field.
    case trailingBytes(offset: Int, count: Int)
    /// A record batch's stored CRC-32C does not match its contents.
    case crcMismatch(baseOffset: Int64, stored: UInt32, computed: UInt32)
    /// A record batch uses a message format other than magic 2.
    case unsupportedMagic(baseOffset: Int64, magic: Int8)
    /// A record batch names a compression codec this client does not know.
    case unknownCodec(baseOffset: Int64, codec: Int)
    /// Decompressing a record batch failed.
    case decompression(baseOffset: Int64, CodecError)
    /// Compressing a record batch failed.
    case compression(CodecError)
    /// A record batch's contents contradict its header (record count, offsets, lengths).
    case malformedBatch(baseOffset: Int64, detail: String)
    /// A response frame's correlation id matched no request that expects one.
    case unexpectedCorrelationID(Int32)
    /// The broker does not support any version of `api` this client implements.
    case unsupportedVersion(api: ApiKey, brokerMin: Int16, brokerMax: Int16)
    /// The broker answered with an error code.
    case broker(KafkaErrorCode, api: ApiKey, context: String)
    /// A TCP connect to `host:port` failed (`errno`).
    case connectFailed(host: String, port: Int, errno: Int32)
    /// The host name could not be resolved.
    case unresolvableHost(String)
    /// The connection to `broker` was closed or failed while requests were outstanding.
    case connectionClosed(broker: String, detail: String)
    /// No response to `api` arrived within the request timeout.
    case requestTimedOut(api: ApiKey, broker: String)
    /// The cluster metadata names no leader for a partition (yet).
    case leaderNotAvailable(topic: String, partition: Int32)
    /// A topic or partition is not in the cluster metadata.
    case unknownTopicOrPartition(topic: String, partition: Int32)
    /// A consumer position lies outside [log start, high watermark] and the reset policy is `.none`.
    case offsetOutOfRange(topic: String, partition: Int32, offset: Int64, logStart: Int64, highWatermark: Int64)
    /// A caller passed an unusable setting or argument.
    case invalidArgument(String)
    /// A group operation failed in a way the group member cannot repair by itself.
    case group(String)
    /// The client was closed.
    case closed

    /// Whether retrying the same operation later (perhaps after refreshing metadata) can succeed.
    public var isRetriable: Bool {
        switch self {
        case let .broker(code, _, _): return code.isRetriable
        case .connectFailed, .connectionClosed, .requestTimedOut, .leaderNotAvailable, .unresolvableHost: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case let .truncated(offset, needed): return "kafka: input truncated at offset \(offset) (needed \(needed) more bytes)"
        case let .invalidLength(offset, value): return "kafka: invalid length \(value) at offset \(offset)"
        case let .invalidVarint(offset): return "kafka: overlong varint at offset \(offset)"
        case let .invalidString(offset): return "kafka: invalid UTF-8 string at offset \(offset)"
        case let .trailingBytes(offset, count): return "kafka: \(count) unexpected trailing bytes at offset \(offset)"
        case let .crcMismatch(base, stored, computed):
            return "kafka: record batch at offset \(base) fails its CRC-32C (stored \(stored), computed \(computed))"
        case let .unsupportedMagic(base, magic): return "kafka: record batch at offset \(base) has unsupported magic \(magic)"
        case let .unknownCodec(base, codec): return "kafka: record batch at offset \(base) uses unknown codec \(codec)"
        case let .decompression(base, error): return "kafka: record batch at offset \(base): \(error)"
        case let .compression(error): return "kafka: compressing a batch: \(error)"
        case let .malformedBatch(base, detail): return "kafka: record batch at offset \(base) is malformed: \(detail)"
        case let .unexpectedCorrelationID(id): return "kafka: response with unexpected correlation id \(id)"
        case let .unsupportedVersion(api, lo, hi): return "kafka: broker supports \(api) v\(lo)-v\(hi), none of which this client implements"
        case let .broker(code, api, context): return "kafka: \(api) \(context): broker error \(code)"
        case let .connectFailed(host, port, err): return "kafka: connect to \(host):\(port) failed (errno \(err))"
        case let .unresolvableHost(host): return "kafka: cannot resolve host \(host)"
        case let .connectionClosed(broker, detail): return "kafka: connection to \(broker) closed: \(detail)"
        case let .requestTimedOut(api, broker): return "kafka: \(api) to \(broker) timed out"
        case let .leaderNotAvailable(topic, partition): return "kafka: no leader for \(topic)-\(partition)"
        case let .unknownTopicOrPartition(topic, partition): return "kafka: unknown topic or partition \(topic)-\(partition)"
        case let .offsetOutOfRange(topic, partition, offset, logStart, hw):
            return "kafka: offset \(offset) of \(topic)-\(partition) is outside [\(logStart), \(hw)]"
        case let .invalidArgument(detail): return "kafka: invalid argument: \(detail)"
        case let .group(detail): return "kafka: consumer group: \(detail)"
        case .closed: return "kafka: client is closed"
        }
    }
}
