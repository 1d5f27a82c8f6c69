/// A Kafka protocol error code as carried in responses (0 = none).
public struct KafkaErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int16
    public init(rawValue: Int16) { self.rawValue = rawValue }

    public static let none = KafkaErrorCode(rawValue: 0)
    public static let offsetOutOfRange = KafkaErrorCode(rawValue: 1)
    public static let corruptMessage = KafkaErrorCode(rawValue: 2)
    public static let unknownTopicOrPartition = KafkaErrorCode(rawValue: 3)
    public static let leaderNotAvailable = KafkaErrorCode(rawValue: 5)
    public static let notLeaderOrFollower = KafkaErrorCode(rawValue: 6)
    public static let requestTimedOut = KafkaErrorCode(rawValue: 7)
    public static let coordinatorLoadInProgress = KafkaErrorCode(rawValue: 14)
    public static let coordinatorNotAvailable = KafkaErrorCode(rawValue: 15)
    public static let notCoordinator = KafkaErrorCode(rawValue: 16)
    public static let invalidTopic = KafkaErrorCode(rawValue: 17)
    public static let notEnoughReplicas = KafkaErrorCode(rawValue: 19)
    public static let illegalGeneration = KafkaErrorCode(rawValue: 22)
    public static let inconsistentGroupProtocol = KafkaErrorCode(rawValue: 23)
    public static let unknownMemberID = KafkaErrorCode(rawValue: 25)
    public static let invalidSessionTimeout = KafkaErrorCode(rawValue: 26)
    public static let rebalanceInProgress = KafkaErrorCode(rawValue: 27)
    public static let unsupportedVersion = KafkaErrorCode(rawValue: 35)
    public static let topicAlreadyExists = KafkaErrorCode(rawValue: 36)
    /// A produced batch's sequence does not follow the last one the broker has from this producer.
    public static let outOfOrderSequenceNumber = KafkaErrorCode(rawValue: 45)
    /// A produced batch repeats one the broker already appended (so it was not appended again).
    public static let duplicateSequenceNumber = KafkaErrorCode(rawValue: 46)
    public static let invalidProducerEpoch = KafkaErrorCode(rawValue: 47)
    public static let concurrentTransactions = KafkaErrorCode(rawValue: 51)
    public static let unknownProducerID = KafkaErrorCode(rawValue: 59)
    public static let invalidRecord = KafkaErrorCode(rawValue: 87)
    public static let producerFenced = KafkaErrorCode(rawValue: 90)
    public static let fencedLeaderEpoch = KafkaErrorCode(rawValue: 74)
    public static let unknownLeaderEpoch = KafkaErrorCode(rawValue: 75)
    public static let memberIDRequired = KafkaErrorCode(rawValue: 79)
    public static let offsetNotAvailable = KafkaErrorCode(rawValue: 78)
    public static let unstableOffsetCommit = KafkaErrorCode(rawValue: 88)

    /// Codes after which the same request can succeed once metadata or the coordinator is refreshed.
    public var isRetriable: Bool {
        switch rawValue {
        case 2, 3, 5, 6, 7, 13, 14, 15, 16, 19, 20, 51, 74, 75, 78, 88: return true
        default: return false
        }
    }

    /// Codes that mean the client's view of partition leadership is stale.
    public var invalidatesMetadata: Bool {
        switch rawValue {
        case 3, 5, 6, 74, 75: return true
        default: return false
        }
    }

    public var description: String {
        let names: [Int16: String] = [
            -1: "UNKNOWN_SERVER_ERROR", 1: "OFFSET_OUT_OF_RANGE", 2: "CORRUPT_MESSAGE",
            3: "UNKNOWN_TOPIC_OR_PARTITION", 5: "LEADER_NOT_AVAILABLE", 6: "NOT_LEADER_OR_FOLLOWER",
            7: "REQUEST_TIMED_OUT", 14: "COORDINATOR_LOAD_IN_PROGRESS", 15: "COORDINATOR_NOT_AVAILABLE",
            16: "NOT_COORDINATOR", 17: "INVALID_TOPIC_EXCEPTION", 22: "ILLEGAL_GENERATION",
            23: "INCONSISTENT_GROUP_PROTOCOL", 25: "UNKNOWN_MEMBER_ID", 26: "INVALID_SESSION_TIMEOUT",
            27: "REBALANCE_IN_PROGRESS", 35: "UNSUPPORTED_VERSION", 36: "TOPIC_ALREADY_EXISTS",
            37: "INVALID_PARTITIONS", 45: "OUT_OF_ORDER_SEQUENCE_NUMBER", 46: "DUPLICATE_SEQUENCE_NUMBER",
            47: "INVALID_PRODUCER_EPOCH", 51: "CONCURRENT_TRANSACTIONS", 59: "UNKNOWN_PRODUCER_ID",
            79: "MEMBER_ID_REQUIRED", 87: "INVALID_RECORD", 90: "PRODUCER_FENCED",
        ]
        return "\(rawValue) (\(names[rawValue] ?? "error"))"
    }
}
