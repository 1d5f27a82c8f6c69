import Testing
import Foundation
@testable import Kafka

/// Consumer groups against the real broker. Heartbeats are frequent so rebalances are noticed within a second, while
/// the session timeout stays long enough that a loaded machine (CI runs suites in parallel) never evicts a member
/// whose heartbeat task was merely scheduled late: nothing here relies on a session expiring. One test at a time:
/// the churn test floods the broker's coordinator with joins, which the other's rebalances should not share.
@Suite(.serialized) struct GroupTests {
    /// Collects what members saw, across tasks.
    actor Log {
        var records: [String: [TopicPartition: [Int64]]] = [:]
        var events: [String] = []
        func add(_ member: String, _ batch: [PartitionRecords]) {
            for p in batch { records[member, default: [:]][p.topicPartition, default: []] += p.records.map(\.offset) }
        }
        func event(_ e: String) { events.append(e) }
        var total: Int { records.values.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.count } } }
        func offsets(_ tp: TopicPartition) -> Set<Int64> {
            Set(records.values.flatMap { $0[tp] ?? [] })
        }
    }

    static func member(_ name: String, client: KafkaClient, group: String, topic: String, log: Log) -> KafkaGroupConsumer {
        KafkaGroupConsumer(client: client,
                           group: GroupConfig(groupID: group, topics: [topic], sessionTimeoutMs: 10_000, heartbeatIntervalMs: 500),
                           consumer: ConsumerConfig(maxWaitMs: 100),
                           onAssigned: { tps in await log.event("\(name)+\(tps.map(\.partition))") },
                           onRevoked: { tps in await log.event("\(name)-\(tps.map(\.partition))") })
    }

    /// Produces the records "p-i", i in `range`, to each of the first `partitions` partitions of `topic`.
    static func fill(_ producer: KafkaProducer, _ topic: String, partitions: Int32, _ range: Range<Int>) async throws {
        for p in Int32(0)..<partitions {
            try await producer.produce(topic: topic, partition: p, range.map { ProducerRecord(key: nil, value: Array("\(p)-\($0)".utf8)) })
        }
    }

    /// Polls (committing after each poll) until `done` says stop or the deadline passes.
    static func pollUntil(_ m: KafkaGroupConsumer, _ name: String, log: Log, seconds: Double,
                          _ done: @Sendable (KafkaGroupConsumer) async -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let batch = try await m.poll()
            await log.add(name, batch)
            try? await m.commitPositions()
            if await done(m) { return }
        }
    }

    @Test func twoMembersSplitPartitionsAndOneTakesOver() async throws {
        guard let client = try Broker.client() else { return }
        let topic = Broker.topic("group")
        let group = Broker.topic("g")
        try await client.createTopic(topic, partitions: 4)
        let producer = KafkaProducer(client: client)
        try await Self.fill(producer, topic, partitions: 4, 0..<50)
        let log = Log()
        let a = Self.member("A", client: client, group: group, topic: topic, log: log)
        let b = Self.member("B", client: client, group: group, topic: topic, log: log)

        // A alone owns everything and reads the first 200 records.
        try await Self.pollUntil(a, "A", log: log, seconds: 90) { m in
            let total = await log.total
            return await m.assignment.count == 4 && total >= 200
        }
        #expect(await a.assignment.count == 4)
        #expect(await log.total == 200)

        // B joins; A rebalances from its own poll loop while B waits in JoinGroup. Both commit after every poll.
        async let aSide: Void = Self.pollUntil(a, "A", log: log, seconds: 120) { await $0.assignment.count == 2 }
        async let bSide: Void = Self.pollUntil(b, "B", log: log, seconds: 120) { await $0.assignment.count == 2 }
        _ = try await (aSide, bSide)
        let aParts = Set(await a.assignment)
        let bParts = Set(await b.assignment)
        #expect(aParts.count == 2 && bParts.count == 2)
        #expect(aParts.isDisjoint(with: bParts))
        #expect(aParts.union(bParts) == Set((0..<4).map { TopicPartition(topic, $0) }))

        try await Self.fill(producer, topic, partitions: 4, 50..<60)
        // B reads its new records, commits, and leaves; A takes over all four partitions.
        try await Self.pollUntil(b, "B", log: log, seconds: 60) { _ in
            var done = true
            for tp in bParts {
                let seen = await log.offsets(tp)
                done = done && seen.count == 60
            }
            return done
        }
        try await b.commitPositions()
        await b.close()
        try await Self.pollUntil(a, "A-after", log: log, seconds: 90) { await $0.assignment.count == 4 }
        #expect(await a.assignment.count == 4)

        try await Self.fill(producer, topic, partitions: 4, 60..<70)
        try await Self.pollUntil(a, "A-after", log: log, seconds: 60) { _ in
            var done = true
            for p in Int32(0)..<4 {
                let seen = await log.offsets(TopicPartition(topic, p))
                done = done && seen.count == 70
            }
            return done
        }
        for p in Int32(0)..<4 {
            #expect(await log.offsets(TopicPartition(topic, p)) == Set(0..<70), "partition \(p) fully consumed")
        }
        // B's partitions were read by A after the takeover only from B's committed offsets on.
        let aRecords = await log.records["A-after"] ?? [:]
        for tp in bParts { #expect((aRecords[tp] ?? []).filter { $0 < 60 }.isEmpty, "\(tp) resumed from B's commit") }
        let events = await log.events
        #expect(events.contains("B-\(bParts.map(\.partition).sorted())"))
        #expect(events.last == "A+[0, 1, 2, 3]")
        #expect(events.contains("A+\(aParts.map(\.partition).sorted())"))
        #expect(events.first == "A+[0, 1, 2, 3]")
        #expect(events.contains("A-[0, 1, 2, 3]"))
        try await a.commitPositions()
        let committed = try await a.committed((0..<4).map { TopicPartition(topic, $0) })
        #expect(committed.values.allSatisfy { $0 == 70 })
        await a.close()
        await client.close()
    }

    /// Strangers keep joining the group for 24 s (a join without a member id every 100 ms), so it rebalances
    /// again and again: each stranger is a member the partitions are shared with until the broker expels it for
    /// never heartbeating. The member's `poll` never throws through it; once the strangers are gone it owns both
    /// partitions again, in a later generation, and reads from its committed offsets: every record once.
    /// (Tansu makes a member of a join answered MEMBER_ID_REQUIRED; Apache Kafka keeps such a join pending, and
    /// a stranger there would have to join again with the id it was given.)
    @Test func pollRidesOutAGroupThatKeepsRebalancing() async throws {
        guard let client = try Broker.client() else { return }
        let topic = Broker.topic("churn")
        let group = Broker.topic("gc")
        try await client.createTopic(topic, partitions: 2)
        let producer = KafkaProducer(client: client)
        try await Self.fill(producer, topic, partitions: 2, 0..<20)
        let log = Log()
        // The group's session timeout is its first member's: the strangers are expelled this long after their
        // last join, and the member is not, however late the loaded machine runs its heartbeats.
        let config = GroupConfig(groupID: group, topics: [topic], sessionTimeoutMs: 10_000, heartbeatIntervalMs: 500)
        let a = KafkaGroupConsumer(client: client, group: config, consumer: ConsumerConfig(maxWaitMs: 100),
                                   onAssigned: { tps in await log.event("A+\(tps.map(\.partition))") })
        try await Self.pollUntil(a, "A", log: log, seconds: 90) { m in
            let total = await log.total
            return await m.assignment.count == 2 && total >= 40
        }
        #expect(await log.total == 40)
        try await a.commitPositions()
        let generationBefore = await a.generationID

        let until = ContinuousClock.now + .seconds(24)
        let strangers = Task { () -> Int in
            guard let connection = try? await client.openCoordinatorConnection(group: group) else { return 0 }
            defer { connection.close() }
            var joined = 0
            while ContinuousClock.now < until {
                let answer = try? await connection.request(JoinGroupRequest(
                    groupID: group, sessionTimeoutMs: config.sessionTimeoutMs, rebalanceTimeoutMs: 10_000, memberID: "",
                    protocols: [(RangeAssignor.name, ConsumerProtocol.encodeSubscription(topics: [topic]))]))
                if answer?.errorCode == .memberIDRequired { joined += 1 }
                try? await Task.sleep(for: .milliseconds(100))
            }
            return joined
        }
        var returnedUnsettled = 0
        while ContinuousClock.now < until {
            let batch = try await a.poll()
            await log.add("A", batch)
            try? await a.commitPositions()
            if await a.rebalancePending { returnedUnsettled += 1 }
        }
        let joined = await strangers.value
        #expect(joined > 20, "the strangers' joins were answered")
        // How often the member was reassigned or polled while unsettled depends on the machine's load; that the
        // group moved on does not: the first stranger made the settled group start a new generation.
        let assignments = await log.events.count
        print("group churn: \(joined) strangers joined, \(assignments) assignments, \(returnedUnsettled) polls returned unsettled")

        // The broker expels the last strangers a session timeout after their joins; wait for that and for the
        // member to settle before producing more, so that no commit of the new records meets a rebalance. Owning
        // both partitions means the member is alone in its generation (the range assignor shares two partitions
        // among any two members), so no stranger is left to expel.
        let expelled = until + .milliseconds(Int(config.sessionTimeoutMs) + 2_000)
        try await Self.pollUntil(a, "A", log: log, seconds: 120) { m in
            let settled = await !m.rebalancePending
            let owned = await m.assignment.count
            return ContinuousClock.now > expelled && settled && owned == 2
        }
        try await Self.fill(producer, topic, partitions: 2, 20..<30)
        try await Self.pollUntil(a, "A", log: log, seconds: 120) { m in
            let total = await log.total
            let settled = await !m.rebalancePending
            return await m.assignment.count == 2 && settled && total >= 60
        }
        #expect(await a.assignment.count == 2)
        let generationAfter = await a.generationID
        #expect(generationAfter > generationBefore, "generation \(generationBefore) -> \(generationAfter)")
        let records = await log.records["A"] ?? [:]
        for p in Int32(0)..<2 {
            let offsets = records[TopicPartition(topic, p)] ?? []
            #expect(offsets == Array(0..<30), "partition \(p): every record once, in order, resumed from the commit")
        }
        await a.close()
        await client.close()
    }
}
