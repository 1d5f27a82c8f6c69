/// The cluster as one client sees it: connections (one per broker, reconnected with capped exponential
/// backoff), cached metadata (partition leaders), group coordinators, and the admin calls.
///
/// Consumers, producers and group members share one client.
public actor KafkaClient {
    public nonisolated let config: KafkaConfig

    private struct Endpoint: Hashable {
        var host: String
        var port: Int
    }

    /// One of the connections to a broker: lane 0 carries everything by default; consumers may fetch over
    /// more lanes so that a broker serving one request per connection at a time works on several at once.
    private struct ConnectionKey: Hashable {
        var endpoint: Endpoint
        var lane: Int
    }

    private var brokers: [Int32: Endpoint] = [:]
    private var connections: [ConnectionKey: BrokerConnection] = [:]
    private var connecting: [ConnectionKey: Task<BrokerConnection, Error>] = [:]
    private var failures: [Endpoint: (count: Int, retryAt: UInt64)] = [:]
    /// topic → partition → leader node id (-1 when leaderless).
    private var leaders: [String: [Int32: Int32]] = [:]
    private var closed = false

    public init(config: KafkaConfig) {
        self.config = config
    }

    /// A client for "host:port[,host:port...]".
    public init(bootstrap: String, clientID: String = "swiftlake") throws(KafkaError) {
        self.init(config: try KafkaConfig(bootstrap: bootstrap, clientID: clientID))
    }

    // MARK: Connections

    /// The connection to broker `nodeID` (its `lane`-th one; lane 0 is shared by everything), opening it if needed.
    public func connection(node nodeID: Int32, lane: Int = 0) async throws(KafkaError) -> BrokerConnection {
        if brokers[nodeID] == nil { try await refreshMetadata(topics: []) }
        guard let endpoint = brokers[nodeID] else {
            throw .connectionClosed(broker: "node \(nodeID)", detail: "not in cluster metadata")
        }
        return try await connection(to: endpoint, lane: lane)
    }

    /// A connection to any reachable broker (known brokers first, then the bootstrap list).
    public func anyConnection() async throws(KafkaError) -> BrokerConnection {
        if let open = connections.values.first(where: { $0.isOpen }) { return open }
        var candidates = Array(brokers.values)
        candidates += config.bootstrap.map { Endpoint(host: $0.host, port: $0.port) }
        var lastError = KafkaError.invalidArgument("no bootstrap servers")
        for endpoint in candidates {
            do {
                return try await connection(to: endpoint)
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    /// A connection to `host:port` (coordinators are addressed this way).
    public func connection(host: String, port: Int) async throws(KafkaError) -> BrokerConnection {
        try await connection(to: Endpoint(host: host, port: port))
    }

    private func connection(to endpoint: Endpoint, lane: Int = 0) async throws(KafkaError) -> BrokerConnection {
        guard !closed else { throw .closed }
        let key = ConnectionKey(endpoint: endpoint, lane: lane)
        if let existing = connections[key], existing.isOpen { return existing }
        connections[key] = nil
        let task: Task<BrokerConnection, Error>
        if let inFlight = connecting[key] {
            task = inFlight
        } else {
            let waitNanos = failures[endpoint].map { $0.retryAt > Socket.nowNanos() ? $0.retryAt - Socket.nowNanos() : 0 } ?? 0
            let config = self.config
            task = Task {
                if waitNanos > 0 { try? await Task.sleep(nanoseconds: waitNanos) }
                return try await BrokerConnection.connect(host: endpoint.host, port: endpoint.port, clientID: config.clientID,
                                                          connectTimeoutMs: config.connectTimeoutMs,
                                                          requestTimeoutMs: config.requestTimeoutMs)
            }
            connecting[key] = task
        }
        do {
            let connection = try await task.value
            connecting[key] = nil
            failures[endpoint] = nil
            if closed {
                connection.close()
                throw KafkaError.closed
            }
            connections[key] = connection
            return connection
        } catch {
            connecting[key] = nil
            let count = (failures[endpoint]?.count ?? 0) + 1
            let delay = UInt64(config.backoffMs(failures: count)) * 1_000_000
            failures[endpoint] = (count, Socket.nowNanos() + delay)
            throw (error as? KafkaError) ?? .connectionClosed(broker: "\(endpoint.host):\(endpoint.port)", detail: "\(error)")
        }
    }

    /// Closes every connection; later calls fail with ``KafkaError/closed``.
    public func close() {
        closed = true
        for connection in connections.values { connection.close() }
        connections.removeAll()
    }

    /// Sleeps the backoff for the `failures`-th consecutive failure of an operation.
    public nonisolated func backoff(failures: Int) async {
        let ms = config.backoffMs(failures: failures)
        if ms > 0 { try? await Task.sleep(nanoseconds: UInt64(ms) * 1_000_000) }
    }

    /// Runs `body` until it succeeds, retrying retriable errors up to `attempts` times with backoff and a
    /// metadata refresh in between.
    public func withRetries<T: Sendable>(attempts: Int = 5, _ what: String,
                                         _ body: @Sendable () async throws(KafkaError) -> T) async throws(KafkaError) -> T {
        var failuresSoFar = 0
        while true {
            do {
                return try await body()
            } catch {
                failuresSoFar += 1
                guard error.isRetriable, failuresSoFar < attempts else { throw error }
                config.warn("\(what): \(error); retrying (\(failuresSoFar)/\(attempts - 1))")
                invalidateMetadata()
                await backoff(failures: failuresSoFar)
            }
        }
    }

    // MARK: Metadata

    /// Fetches metadata for `topics` (nil = all) and updates the broker and leader caches.
    @discardableResult
    public func refreshMetadata(topics: [String]?, allowAutoCreate: Bool = false) async throws(KafkaError) -> MetadataRequest.Response {
        let connection = try await anyConnection()
        let response = try await connection.request(MetadataRequest(topics: topics, allowAutoTopicCreation: allowAutoCreate))
        for broker in response.brokers {
            brokers[broker.nodeID] = Endpoint(host: broker.host, port: Int(broker.port))
        }
        for topic in response.topics {
            guard topic.errorCode == .none else {
                leaders[topic.name] = nil
                continue
            }
            var map: [Int32: Int32] = [:]
            for p in topic.partitions { map[p.partition] = p.errorCode == .none || p.leader >= 0 ? p.leader : -1 }
            leaders[topic.name] = map
        }
        return response
    }

    /// Forgets cached leaders so the next lookup asks the cluster again.
    public func invalidateMetadata() {
        leaders.removeAll()
    }

    /// The partition ids of `topic`, sorted.
    public func partitions(of topic: String) async throws(KafkaError) -> [Int32] {
        if leaders[topic] == nil { try await refreshMetadata(topics: [topic]) }
        guard let map = leaders[topic] else { throw .unknownTopicOrPartition(topic: topic, partition: -1) }
        return map.keys.sorted()
    }

    /// The leader node of a partition.
    public func leader(of tp: TopicPartition) async throws(KafkaError) -> Int32 {
        if leaders[tp.topic]?[tp.partition] == nil { try await refreshMetadata(topics: [tp.topic]) }
        guard let map = leaders[tp.topic] else { throw .unknownTopicOrPartition(topic: tp.topic, partition: tp.partition) }
        guard let leader = map[tp.partition] else { throw .unknownTopicOrPartition(topic: tp.topic, partition: tp.partition) }
        guard leader >= 0 else { throw .leaderNotAvailable(topic: tp.topic, partition: tp.partition) }
        return leader
    }

    /// Groups partitions by their leader's node id.
    public func partitionsByLeader(_ partitions: some Sequence<TopicPartition>) async throws(KafkaError) -> [Int32: [TopicPartition]] {
        var out: [Int32: [TopicPartition]] = [:]
        for tp in partitions { out[try await leader(of: tp), default: []].append(tp) }
        return out
    }

    // MARK: Offsets

    /// ListOffsets for each partition at `timestamp` (``ListOffsetsRequest/earliest``, ``ListOffsetsRequest/latest``
    /// or a time in ms). Note: use a fetch's high watermark, not `latest`, for the log end on brokers that
    /// report `latest` wrongly.
    public func listOffsets(_ partitions: [TopicPartition], timestamp: Int64) async throws(KafkaError) -> [TopicPartition: Int64] {
        var out: [TopicPartition: Int64] = [:]
        for (node, tps) in try await partitionsByLeader(partitions) {
            let byTopic = Dictionary(grouping: tps, by: \.topic)
            let request = ListOffsetsRequest(topics: byTopic.map { ($0.key, $0.value.map { ($0.partition, timestamp) }) })
            let response = try await connection(node: node).request(request)
            for p in response {
                guard p.errorCode == .none else {
                    if p.errorCode.invalidatesMetadata { invalidateMetadata() }
                    throw .broker(p.errorCode, api: .listOffsets, context: "\(p.topic)-\(p.partition)")
                }
                out[TopicPartition(p.topic, p.partition)] = p.offset
            }
        }
        return out
    }

    // MARK: Groups

    /// The connection to the coordinator of `group`.
    public func coordinator(group: String) async throws(KafkaError) -> BrokerConnection {
        let response = try await anyConnection().request(FindCoordinatorRequest(groupID: group))
        guard response.errorCode == .none else {
            throw .broker(response.errorCode, api: .findCoordinator, context: "group \(group)")
        }
        return try await connection(host: response.host, port: Int(response.port))
    }

    /// A new connection to the coordinator of `group`, owned (and closed) by the caller. Group members use
    /// their own: brokers answer one request per connection at a time, and a JoinGroup held for seconds
    /// would otherwise stall every other request sharing the connection — including another member's join.
    public func openCoordinatorConnection(group: String) async throws(KafkaError) -> BrokerConnection {
        let response = try await anyConnection().request(FindCoordinatorRequest(groupID: group))
        guard response.errorCode == .none else {
            throw .broker(response.errorCode, api: .findCoordinator, context: "group \(group)")
        }
        return try await BrokerConnection.connect(host: response.host, port: Int(response.port), clientID: config.clientID,
                                                  connectTimeoutMs: config.connectTimeoutMs,
                                                  requestTimeoutMs: config.requestTimeoutMs)
    }

    /// Commits `offsets` (the next offset to read, per partition) for `group`. Outside group membership
    /// pass generation -1 and an empty member id.
    public func commitOffsets(group: String, _ offsets: [TopicPartition: Int64], generationID: Int32 = -1,
                              memberID: String = "") async throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        let byTopic = Dictionary(grouping: offsets, by: \.key.topic)
        let request = OffsetCommitRequest(groupID: group, generationID: generationID, memberID: memberID,
                                          topics: byTopic.map { ($0.key, $0.value.map { ($0.key.partition, $0.value, nil) }) })
        let response = try await coordinator(group: group).request(request)
        if let failed = response.first(where: { $0.errorCode != .none }) {
            throw .broker(failed.errorCode, api: .offsetCommit, context: "group \(group) \(failed.topic)-\(failed.partition)")
        }
    }

    /// The committed offsets of `group` for `partitions`; partitions without a commit are absent.
    public func committedOffsets(group: String, _ partitions: [TopicPartition]) async throws(KafkaError) -> [TopicPartition: Int64] {
        guard !partitions.isEmpty else { return [:] }
        let byTopic = Dictionary(grouping: partitions, by: \.topic)
        let request = OffsetFetchRequest(groupID: group, topics: byTopic.map { ($0.key, $0.value.map(\.partition)) })
        let response = try await coordinator(group: group).request(request)
        guard response.errorCode == .none else { throw .broker(response.errorCode, api: .offsetFetch, context: "group \(group)") }
        var out: [TopicPartition: Int64] = [:]
        for p in response.partitions {
            guard p.errorCode == .none else {
                throw .broker(p.errorCode, api: .offsetFetch, context: "group \(group) \(p.topic)-\(p.partition)")
            }
            if p.offset >= 0 { out[TopicPartition(p.topic, p.partition)] = p.offset }
        }
        return out
    }

    // MARK: Admin

    /// Creates a topic; succeeds quietly if it already exists and `ignoreExisting` is set.
    public func createTopic(_ name: String, partitions: Int32, replicationFactor: Int16 = 1,
                            configs: [(String, String?)] = [], ignoreExisting: Bool = false) async throws(KafkaError) {
        let request = CreateTopicsRequest(topics: [(name, partitions, replicationFactor, configs)], timeoutMs: config.requestTimeoutMs)
        let response = try await controllerConnection().request(request)
        for topic in response where topic.errorCode != .none {
            if topic.errorCode == .topicAlreadyExists && ignoreExisting { continue }
            throw .broker(topic.errorCode, api: .createTopics, context: "topic \(topic.name) \(topic.errorMessage ?? "")")
        }
        leaders[name] = nil
    }

    /// Deletes topics.
    public func deleteTopics(_ names: [String]) async throws(KafkaError) {
        let response = try await controllerConnection().request(DeleteTopicsRequest(names: names, timeoutMs: config.requestTimeoutMs))
        for topic in response where topic.errorCode != .none {
            throw .broker(topic.errorCode, api: .deleteTopics, context: "topic \(topic.name)")
        }
        for name in names { leaders[name] = nil }
    }

    private func controllerConnection() async throws(KafkaError) -> BrokerConnection {
        let metadata = try await refreshMetadata(topics: [])
        if metadata.controllerID >= 0, brokers[metadata.controllerID] != nil {
            return try await connection(node: metadata.controllerID)
        }
        return try await anyConnection()
    }
}
