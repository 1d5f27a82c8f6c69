/// Consumer-group settings.
public struct GroupConfig: Sendable {
    public var groupID: String
    public var topics: [String]
    /// The broker drops a member that sends no heartbeat for this long. Some brokers hold a JoinGroup
    /// for about half of it, so short values make rebalances quick.
    public var sessionTimeoutMs: Int32
    /// How long the coordinator waits for members to rejoin during a rebalance.
    public var rebalanceTimeoutMs: Int32
    public var heartbeatIntervalMs: Int32
    /// Where to start a partition that has no committed offset.
    public var startWithoutCommit: StartPosition

    public init(groupID: String, topics: [String], sessionTimeoutMs: Int32 = 10_000, rebalanceTimeoutMs: Int32? = nil,
                heartbeatIntervalMs: Int32? = nil, startWithoutCommit: StartPosition = .earliest) {
        self.groupID = groupID
        self.topics = topics
        self.sessionTimeoutMs = sessionTimeoutMs
        self.rebalanceTimeoutMs = rebalanceTimeoutMs ?? max(sessionTimeoutMs, 10_000)
        self.heartbeatIntervalMs = heartbeatIntervalMs ?? max(sessionTimeoutMs / 4, 100)
        self.startWithoutCommit = startWithoutCommit
    }
}

/// A member of a consumer group (classic protocol, range assignor, eager rebalancing).
///
/// ``poll(maxRecords:)`` joins the group when needed and returns records of the partitions assigned to this
/// member. Before partitions move, `onRevoked` runs (the place to commit); after an assignment, `onAssigned`.
/// Both run inside `poll`, so the caller never sees records of a partition it no longer owns. Heartbeats run
/// in the background; a rebalance they detect is carried out by the next `poll`.
public actor KafkaGroupConsumer {
    public typealias RebalanceCallback = @Sendable ([TopicPartition]) async -> Void

    public let client: KafkaClient
    public let group: GroupConfig
    public let consumer: KafkaConsumer
    private let onAssigned: RebalanceCallback
    private let onRevoked: RebalanceCallback

    public private(set) var memberID = ""
    public private(set) var generationID: Int32 = -1
    public private(set) var assignment: [TopicPartition] = []
    private var needsRejoin = true
    private var joining = false
    private var closed = false
    private var coordinatorConnection: BrokerConnection?
    private var heartbeatTask: Task<Void, Never>?

    public init(client: KafkaClient, group: GroupConfig, consumer config: ConsumerConfig = ConsumerConfig(),
                onAssigned: @escaping RebalanceCallback = { _ in }, onRevoked: @escaping RebalanceCallback = { _ in }) {
        self.client = client
        self.group = group
        self.consumer = KafkaConsumer(client: client, config: config)
        self.onAssigned = onAssigned
        self.onRevoked = onRevoked
    }

    /// Whether a rebalance was noticed (by a heartbeat or a commit) that the next `poll` carries out.
    public var rebalancePending: Bool { needsRejoin }

    /// Joins or rejoins if needed, then polls the assigned partitions.
    public func poll(maxRecords: Int? = nil) async throws(KafkaError) -> [PartitionRecords] {
        guard !closed else { throw .closed }
        if needsRejoin { try await rejoin() }
        let records = try await consumer.poll(maxRecords: maxRecords)
        // A rebalance noticed during the fetch: do not hand out records of partitions about to move.
        return needsRejoin ? [] : records
    }

    /// Commits `offsets` (next offset to read) under the current generation.
    public func commit(_ offsets: [TopicPartition: Int64]) async throws(KafkaError) {
        do {
            try await client.commitOffsets(group: group.groupID, offsets, generationID: generationID, memberID: memberID)
        } catch let error {
            if case let .broker(code, _, _) = error, [.rebalanceInProgress, .illegalGeneration, .unknownMemberID].contains(code) {
                needsRejoin = true
            }
            throw error
        }
    }

    /// Commits the consumer's current positions for the assigned partitions.
    public func commitPositions() async throws(KafkaError) {
        let positions = await consumer.positions.filter { assignment.contains($0.key) }
        try await commit(positions)
    }

    /// The committed offsets of this group.
    public func committed(_ partitions: [TopicPartition]) async throws(KafkaError) -> [TopicPartition: Int64] {
        try await client.committedOffsets(group: group.groupID, partitions)
    }

    /// Revokes the assignment (running `onRevoked`) and leaves the group so others take over at once.
    public func close() async {
        guard !closed else { return }
        closed = true
        heartbeatTask?.cancel()
        heartbeatTask = nil
        if !assignment.isEmpty {
            await onRevoked(assignment)
            await consumer.unassignAll()
            assignment = []
        }
        if !memberID.isEmpty, let connection = try? await coordinator() {
            _ = try? await connection.request(LeaveGroupRequest(groupID: group.groupID, memberID: memberID))
        }
        dropCoordinator()
        memberID = ""
        generationID = -1
    }

    // MARK: Membership

    private func coordinator() async throws(KafkaError) -> BrokerConnection {
        if let c = coordinatorConnection, c.isOpen { return c }
        coordinatorConnection?.close()
        let c = try await client.openCoordinatorConnection(group: group.groupID)
        coordinatorConnection = c
        return c
    }

    private func dropCoordinator() {
        coordinatorConnection?.close()
        coordinatorConnection = nil
    }

    private func rejoin() async throws(KafkaError) {
        startHeartbeats()
        joining = true
        defer { joining = false }
        if !assignment.isEmpty {
            await onRevoked(assignment)
            await consumer.unassignAll()
            assignment = []
        }
        var failures = 0
        // A rebalance that restarts (members coming and going, or one too slow to answer within the broker's
        // timers) is the protocol's normal flow, not a failure: the member joins again at once, as the others
        // do, so that they meet in one generation. Backing off instead let two members keep restarting each
        // other's rebalance. If the group has not settled within this budget, `poll` returns nothing and the
        // next `poll` goes on joining, so a slow group never surfaces as an error.
        let settleBy = ContinuousClock.now + .milliseconds(Int(group.rebalanceTimeoutMs) + Int(group.sessionTimeoutMs))
        var restarts = 0
        while true {
            do {
                let assigned = try await joinAndSync()
                try await start(assigned)
                needsRejoin = false
                await onAssigned(assigned)
                return
            } catch let error {
                if let code = Self.churn(error) {
                    if code == .unknownMemberID { memberID = "" }
                    restarts += 1
                    let withinBudget = ContinuousClock.now < settleBy
                    // Said once when the group first moves on, and once when this poll gives up, not per attempt.
                    if restarts == 1 { client.config.warn("group \(group.groupID): \(error); joining again") }
                    guard withinBudget else {
                        client.config.warn("group \(group.groupID): still rebalancing after \(restarts) joins; the next poll joins again")
                        return
                    }
                    try? await Task.sleep(nanoseconds: 10_000_000)
                    continue
                }
                failures += 1
                guard failures < 20, retriableDuringJoin(error) else { throw error }
                await client.backoff(failures: min(failures, 3))
            }
        }
    }

    /// The broker answers that say the group moved on without this member's join or sync: another rebalance
    /// began, the generation is gone, or the member was expelled (it then joins under a new id).
    private static func churn(_ error: KafkaError) -> KafkaErrorCode? {
        guard case let .broker(code, _, _) = error else { return nil }
        switch code {
        case .rebalanceInProgress, .illegalGeneration, .unknownMemberID: return code
        default: return nil
        }
    }

    private func retriableDuringJoin(_ error: KafkaError) -> Bool {
        if case let .broker(code, _, _) = error {
            switch code {
            case .notCoordinator, .coordinatorNotAvailable, .coordinatorLoadInProgress:
                dropCoordinator()
                return true
            case .memberIDRequired:
                return true
            default:
                return code.isRetriable
            }
        }
        if error.isRetriable { dropCoordinator() }
        return error.isRetriable
    }

    /// One JoinGroup + SyncGroup round; returns this member's partitions.
    private func joinAndSync() async throws(KafkaError) -> [TopicPartition] {
        let connection = try await coordinator()
        let subscription = ConsumerProtocol.encodeSubscription(topics: group.topics)
        let joinTimeout = group.rebalanceTimeoutMs + client.config.requestTimeoutMs
        var join = try await connection.request(JoinGroupRequest(
            groupID: group.groupID, sessionTimeoutMs: group.sessionTimeoutMs, rebalanceTimeoutMs: group.rebalanceTimeoutMs,
            memberID: memberID, protocols: [(RangeAssignor.name, subscription)]), timeoutMs: joinTimeout)
        if join.errorCode == .memberIDRequired {
            // Brokers (v4+) hand out the member id first and expect the join to be repeated with it.
            memberID = join.memberID
            join = try await connection.request(JoinGroupRequest(
                groupID: group.groupID, sessionTimeoutMs: group.sessionTimeoutMs, rebalanceTimeoutMs: group.rebalanceTimeoutMs,
                memberID: memberID, protocols: [(RangeAssignor.name, subscription)]), timeoutMs: joinTimeout)
        }
        guard join.errorCode == .none else { throw .broker(join.errorCode, api: .joinGroup, context: "group \(group.groupID)") }
        memberID = join.memberID
        generationID = join.generationID

        var assignments: [(String, [UInt8])] = []
        if join.leader == join.memberID {
            var subscriptions: [String: [String]] = [:]
            for member in join.members {
                subscriptions[member.memberID] = try ConsumerProtocol.decodeSubscription(member.metadata)
            }
            var counts: [String: Int32] = [:]
            let topics = Array(Set(subscriptions.values.flatMap { $0 })).sorted()
            let metadata = try await client.refreshMetadata(topics: topics)
            for topic in metadata.topics where topic.errorCode == .none { counts[topic.name] = Int32(topic.partitions.count) }
            let plan = RangeAssignor.assign(subscriptions: subscriptions, partitionCounts: counts)
            assignments = plan.sorted { $0.key < $1.key }.map { ($0.key, ConsumerProtocol.encodeAssignment($0.value)) }
        }
        let sync = try await connection.request(SyncGroupRequest(
            groupID: group.groupID, generationID: generationID, memberID: memberID,
            protocolName: join.protocolName ?? RangeAssignor.name, assignments: assignments),
            timeoutMs: group.sessionTimeoutMs + client.config.requestTimeoutMs)
        guard sync.errorCode == .none else { throw .broker(sync.errorCode, api: .syncGroup, context: "group \(group.groupID)") }
        return try ConsumerProtocol.decodeAssignment(sync.assignment)
    }

    /// Positions the consumer at the committed offsets (or the configured start) of `partitions`.
    private func start(_ partitions: [TopicPartition]) async throws(KafkaError) {
        let committed = try await client.committedOffsets(group: group.groupID, partitions)
        var starts: [TopicPartition: StartPosition] = [:]
        for tp in partitions { starts[tp] = committed[tp].map { .offset($0) } ?? group.startWithoutCommit }
        await consumer.assign(starts)
        assignment = partitions
    }

    private func startHeartbeats() {
        guard heartbeatTask == nil else { return }
        let interval = UInt64(group.heartbeatIntervalMs) * 1_000_000
        heartbeatTask = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: interval)
                guard let self, !Task.isCancelled else { return }
                await self.heartbeat()
            }
        }
    }

    /// Heartbeats continue while a join or sync is pending: brokers that count only heartbeats as liveness
    /// (Tansu) would otherwise expel a member waiting in a long JoinGroup/SyncGroup. Answers received
    /// during a join are ignored; the join itself reports what matters.
    private func heartbeat() async {
        guard !closed, !memberID.isEmpty else { return }
        do {
            let code = try await coordinator().request(HeartbeatRequest(
                groupID: group.groupID, generationID: generationID, memberID: memberID))
            if joining || needsRejoin { return }
            switch code {
            case .none: break
            case .rebalanceInProgress: needsRejoin = true
            case .unknownMemberID, .illegalGeneration:
                memberID = code == .unknownMemberID ? "" : memberID
                needsRejoin = true
            case .notCoordinator, .coordinatorNotAvailable: dropCoordinator()
            default: client.config.warn("heartbeat for group \(group.groupID): error \(code)")
            }
        } catch {
            dropCoordinator()
            client.config.warn("heartbeat for group \(group.groupID): \(error)")
        }
    }
}
