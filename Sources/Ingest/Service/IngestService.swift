import DeltaLog
import Foundation
import Kafka
import Logging

/// The long-running ingest service behind `lake-ingest run` (issue 9 §2, §7).
///
/// It joins the consumer group for the configured topics and turns what it polls into batches of at most
/// `batch.max_records` messages, cut after `batch.max_wait_ms`. Each batch goes through `IngestLoop.process`
/// (tables, `txn` offsets), then into the progress table (`ProgressTable`), then its offsets are committed to Kafka
/// — for lag monitoring only: where to resume is the warehouse's business.
///
/// - On every assignment (start and rebalance) each partition resumes from the progress table's offset, else the
///   group's committed offset, else `kafka.auto_offset_reset`.
/// - Before partitions move (the revoke callback) the batch in hand is finished and committed.
/// - `stop(reason:)` (SIGINT/SIGTERM in the executable) lets the batch being committed finish, leaves the group
///   and returns; messages polled but not yet in a commit are simply read again by whoever resumes.
/// - PostgreSQL, the warehouse or Kafka failing: the same batch (or poll) is retried with capped backoff and logged;
///   nothing is skipped. A batch still failing when the group rebalances is given up uncommitted (it is read again
///   by whoever gets its partitions), so one stuck member never stalls the group's rebalance.
/// - `Options.once`: drains to the log ends taken at the first assignment (of every partition of the topics, so a
///   partition that moves here in a rebalance is drained to the same end), then returns once its own partitions
///   are there, no rebalance is under way or pending, and the warehouse shows the other members' partitions there
///   too (a member that leaves first hands its partitions over in a rebalance).
public actor IngestService {
    public struct Options: Sendable {
        /// Drain to the current end of the log, then stop.
        public var once: Bool
        public var backoff: RetryBackoff

        public init(once: Bool = false, backoff: RetryBackoff = RetryBackoff()) {
            self.once = once
            self.backoff = backoff
        }
    }

    /// What a run did.
    public struct Summary: Sendable, Equatable {
        public var batches = 0
        public var messages = 0
        public var commits = 0
        public var quarantined = 0
        /// Failed attempts (batches, polls, resume reads) that were retried.
        public var retries = 0
        /// Offset commits to Kafka that succeeded.
        public var kafkaCommits = 0
        /// Why the run ended early (a stop request), or nil when `once` drained everything.
        public var stopReason: String?
    }

    public nonisolated let config: IngestConfig
    public nonisolated let options: Options
    private let logger: Logger
    private let kafkaConfig: KafkaConfig
    private let worker: BlockingWorker<ServiceCore>
    private let kafkaTrouble: KafkaTrouble

    private var member: KafkaGroupConsumer?
    private var stopReason: String?
    /// Polled messages not yet committed, in poll order (offset order per partition).
    private var pending: [IncomingMessage] = []
    private var pendingSince: ContinuousClock.Instant?
    private var assigned: [TopicPartition] = []
    private var joined = false
    /// `once`: the log end of every partition of the topics, taken at the first assignment. The drain aims at these
    /// through every rebalance: a partition that moves here later is drained to the same end, not to a newer one.
    private var drainTargets: [TopicPartition: Int64] = [:]
    /// Between a revoke and the next assignment: nothing is drained then, whatever `assigned` says.
    private var rebalancing = false
    /// `once`: when the warehouse was last asked about other members' partitions, and what was last reported.
    private var lastOthersCheck: ContinuousClock.Instant?
    private var waitingLogged: [TopicPartition] = []
    /// Next offset to apply per assigned partition (the lag is measured from here).
    private var applied: [TopicPartition: Int64] = [:]
    /// Offsets waiting to be committed to Kafka, and the task sending them.
    private var kafkaCommitQueue: [TopicPartition: Int64] = [:]
    private var kafkaCommitTask: Task<Void, Never>?
    private var stats: IngestStats
    private var summary = Summary()
    private var lastProgressLine = ContinuousClock.now

    /// Opens the warehouse and checks the Kafka settings; nothing is contacted until `run()`.
    public init(config: IngestConfig, sources: IngestSources, options: Options = Options(),
                logger: Logger = Logger(label: "lake-ingest")) throws(IngestServiceError) {
        guard !config.kafka.bootstrapServers.isEmpty else {
            throw .configuration("kafka.bootstrap_servers: at least one broker address host:port is required")
        }
        var kafka: KafkaConfig
        do {
            kafka = try KafkaConfig(bootstrap: config.kafka.bootstrapServers.joined(separator: ","),
                                    clientID: config.kafka.clientID)
        } catch { throw .kafka(error) }
        // The service paces reconnects itself, with a backoff it logs (`retrying`); the client's own per-broker
        // backoff only has to stop a tight loop, and a long one would keep a returning broker waiting unseen.
        kafka.maxRetryBackoffMs = min(kafka.maxRetryBackoffMs, 1_000)
        let trouble = KafkaTrouble()
        kafka.warn = { [logger] message in
            trouble.report()
            logger.warning("\(message)", metadata: ["component": "kafka"])
        }
        let loop: IngestLoop
        do { loop = try IngestLoop(config: config, sources: sources) } catch { throw .loop(error) }
        self.config = config
        self.options = options
        self.logger = logger
        kafkaConfig = kafka
        kafkaTrouble = trouble
        worker = BlockingWorker(label: "lake-ingest.batches",
                                state: ServiceCore(loop: loop, progress: ProgressTable(warehouse: config.warehouse)))
        stats = IngestStats(start: Self.nowMicros())
    }

    /// Asks the service to stop after the commit in progress; `run()` then returns.
    public func stop(reason: String) {
        guard stopReason == nil else { return }
        stopReason = reason
        logger.notice("stop requested; finishing the commit in progress", metadata: ["reason": "\(reason)"])
    }

    /// Runs until `stop(reason:)` or, with `Options.once`, until every assigned partition is drained.
    public func run() async -> Summary {
        let client = KafkaClient(config: kafkaConfig)
        let topics = config.kafka.topics.map(config.kafka.topicName(for:))
        let start: StartPosition = config.kafka.autoOffsetReset == .latest ? .latest : .earliest
        let group = GroupConfig(groupID: config.kafka.consumerGroup, topics: topics,
                                sessionTimeoutMs: Int32(clamping: config.kafka.sessionTimeoutMilliseconds),
                                startWithoutCommit: start)
        let consumer = ConsumerConfig(maxWaitMs: Int32(clamping: min(max(config.batch.maxWaitMilliseconds, 1), 5_000)),
                                      maxRecordsPerPoll: config.batch.maxRecords,
                                      resetPolicy: config.kafka.autoOffsetReset == .latest ? .latest : .earliest)
        let member = KafkaGroupConsumer(client: client, group: group, consumer: consumer,
                                        onAssigned: { [weak self] tps in await self?.partitionsAssigned(tps) },
                                        onRevoked: { [weak self] tps in await self?.partitionsRevoked(tps) })
        self.member = member
        logger.info("starting", metadata: [
            "group": "\(config.kafka.consumerGroup)", "topics": "\(topics.joined(separator: ","))",
            "brokers": "\(config.kafka.bootstrapServers.joined(separator: ","))", "warehouse": "\(config.warehouse)",
            "batch_max_records": "\(config.batch.maxRecords)", "batch_max_wait_ms": "\(config.batch.maxWaitMilliseconds)",
            "once": "\(options.once)",
        ])

        while stopReason == nil {
            if options.once, await drained() {
                logger.info("drained every assigned partition to the log end taken at start")
                break
            }
            let room = max(1, config.batch.maxRecords - pending.count)
            let polled: [PartitionRecords]
            do {
                polled = try await member.poll(maxRecords: room)
            } catch {
                // Kafka trouble must not hold back what was already polled: the warehouse does not need Kafka.
                await flush()
                guard let p = await retrying("kafka poll", after: error, { try await member.poll(maxRecords: room) }) else { break }
                polled = p
            }
            guard stopReason == nil else { break }
            if polled.isEmpty, kafkaTrouble.take() {
                // The client swallowed a failure and returned nothing: the brokers may be gone. Finish what is in
                // hand, then wait for them with backoff (and say so) instead of polling into the void.
                await flush()
                guard await retrying("kafka: reaching the brokers", { () async throws(KafkaError) in
                    try await member.client.refreshMetadata(topics: topics)
                }) != nil else { break }
                continue
            }
            let messages = IncomingMessage.messages(from: polled)
            if !messages.isEmpty {
                if pending.isEmpty { pendingSince = .now }
                pending += messages
            }
            if !pending.isEmpty, pending.count >= config.batch.maxRecords || messages.isEmpty || batchWaitOver() {
                await flush()
            }
            await logProgress(force: false)
        }
        if !pending.isEmpty {
            logger.info("leaving polled messages for the next run (not committed anywhere)",
                        metadata: ["messages": "\(pending.count)"])
            pending = []
        }
        // Compactions still running change no data, but end them before leaving.
        if let failed = await worker.run({ core in core.loop.finishCompactions() }) {
            logger.notice("a table compaction failed; the table keeps its small files until the next one",
                          metadata: ["error": "\(failed)"])
        }
        await logProgress(force: true)
        await settleKafkaCommits()
        await member.close()
        self.member = nil
        await client.close()
        summary.stopReason = stopReason
        logger.info("stopped", metadata: [
            "batches": "\(summary.batches)", "messages": "\(summary.messages)", "commits": "\(summary.commits)",
            "quarantined": "\(summary.quarantined)", "retries": "\(summary.retries)",
            "reason": "\(stopReason ?? "drained")"])
        return summary
    }

    // MARK: Batches

    private func batchWaitOver() -> Bool {
        guard let since = pendingSince else { return false }
        return ContinuousClock.now - since >= .milliseconds(config.batch.maxWaitMilliseconds)
    }

    /// Commits the pending batch: tables, progress table, then the Kafka offsets. Retries until it succeeds or a
    /// stop is requested (then the batch is left uncommitted, to be read again).
    private func flush() async {
        guard !pending.isEmpty else { return }
        let batch = pending
        let next = ServiceCore.nextOffsets(batch)
        let started = ContinuousClock.now
        let worker = self.worker
        let attempt = { () async throws(IngestLoopError) -> IngestLoop.BatchStats in
            let now = Self.nowMicros()
            return try await worker.run { core in core.apply(batch, next: next, now: now) }.get()
        }
        pending = []
        pendingSince = nil
        // A batch that keeps failing (its document source is down, say) is given up when the group rebalances:
        // nothing of it is committed, so whoever gets its partitions reads it again, and this member rejoins
        // instead of stalling the whole group until the broker evicts it.
        guard let s = await retrying("batch of \(batch.count) messages (\(Self.describe(next)))",
                                     yieldingToRebalance: true, attempt) else {
            if stopReason == nil {
                logger.notice("rebalance pending: giving up the uncommitted batch; its partitions are read again after the rejoin",
                              metadata: ["messages": "\(batch.count)"])
            } else {
                logger.notice("stopping with an uncommitted batch; it is read again on restart",
                              metadata: ["messages": "\(batch.count)"])
            }
            return
        }
        for (tp, offset) in next { applied[tp] = offset }
        stats.batchDone(s)
        summary.batches += 1
        summary.messages += s.messages
        summary.commits += s.commits
        summary.quarantined += s.quarantined
        logger.debug("batch committed", metadata: [
            "messages": "\(s.messages)", "commits": "\(s.commits)", "inserted": "\(s.rowsInserted)",
            "updated": "\(s.rowsUpdated)", "deleted": "\(s.rowsDeleted)", "quarantined": "\(s.quarantined)",
            "already_applied": "\(s.alreadyApplied)", "tables_created": "\(s.tablesCreated)",
            "offsets": "\(Self.describe(next))", "ms": "\((ContinuousClock.now - started).milliseconds)"])
        commitToKafka(next)
    }

    /// Offsets to Kafka are for lag monitoring only: they are sent in the background (the newest per partition,
    /// coalesced), so a slow or unreachable broker never holds back the batches, and a failure is only logged.
    private func commitToKafka(_ offsets: [TopicPartition: Int64]) {
        for (tp, offset) in offsets { kafkaCommitQueue[tp] = max(kafkaCommitQueue[tp] ?? offset, offset) }
        guard kafkaCommitTask == nil else { return }
        kafkaCommitTask = Task { await self.sendKafkaCommits() }
    }

    private func sendKafkaCommits() async {
        while let member, !kafkaCommitQueue.isEmpty {
            let offsets = kafkaCommitQueue
            kafkaCommitQueue = [:]
            do {
                try await member.commit(offsets)
                summary.kafkaCommits += 1
            } catch {
                logger.notice("kafka offset commit failed (lag monitoring only)", metadata: ["error": "\(error)"])
            }
        }
        kafkaCommitQueue = [:]
        kafkaCommitTask = nil
    }

    /// Waits until the offsets handed to `commitToKafka` so far are sent: before partitions move (a commit under
    /// the old generation after the rejoin would only trigger another rebalance) and before leaving.
    private func settleKafkaCommits() async {
        await kafkaCommitTask?.value
    }

    // MARK: Rebalances

    /// Positions every assigned partition: the progress table's offset, else the group's committed offset (already
    /// set by the group consumer), else the reset policy — resolved here so the start offset is known and logged.
    private func partitionsAssigned(_ partitions: [TopicPartition]) async {
        joined = true
        assigned = partitions.sorted()
        applied = [:]
        guard let member else { return }
        let consumer = await member.consumer
        let worker = self.worker
        guard let resume = await retrying("reading the resume offsets", { () async throws(DeltaLogError) in
            try await worker.run { core in core.resumeOffsets() }.get()
        }) else { return }
        let committed = await consumer.positions
        var origin: [TopicPartition: String] = [:]
        for tp in assigned {
            if let offset = resume[tp] {
                applied[tp] = offset
                origin[tp] = "warehouse"
            } else if let offset = committed[tp] {
                applied[tp] = offset
                origin[tp] = "group"
            }
        }
        let unknown = assigned.filter { applied[$0] == nil }
        if !unknown.isEmpty {
            let latest = config.kafka.autoOffsetReset == .latest
            guard let starts = await retrying("resolving the start of new partitions", { () async throws(KafkaError) in
                latest ? try await consumer.endOffsets(unknown)
                    : try await member.client.listOffsets(unknown, timestamp: ListOffsetsRequest.earliest)
            }) else { return }
            for tp in unknown {
                applied[tp] = starts[tp]
                origin[tp] = config.kafka.autoOffsetReset.rawValue
            }
        }
        for tp in assigned { if let offset = applied[tp] { await consumer.seek(tp, to: .offset(offset)) } }
        logger.info("partitions assigned", metadata: [
            "partitions": "\(assigned.map(\.description).joined(separator: ","))",
            "start": "\(assigned.map { "\($0)@\(applied[$0].map(String.init) ?? "?")(\(origin[$0] ?? "?"))" }.joined(separator: " "))"])
        if options.once {
            let first = drainTargets.isEmpty
            let wanted = first ? nil : assigned.filter { drainTargets[$0] == nil }
            if wanted?.isEmpty != true {
                guard let ends = await retrying("reading the log ends", { () async throws(KafkaError) in
                    let partitions: [TopicPartition]
                    if let wanted { partitions = wanted } else { partitions = try await Self.partitions(of: member.group.topics, member.client) }
                    return try await consumer.endOffsets(partitions)
                }) else { return }
                for (tp, end) in ends where drainTargets[tp] == nil { drainTargets[tp] = end }
                logger.info("draining to", metadata: ["ends": "\(Self.describe(ends))"])
            }
        }
        rebalancing = false
    }

    /// Every partition of `topics`.
    private static func partitions(of topics: [String], _ client: KafkaClient) async throws(KafkaError) -> [TopicPartition] {
        var out: [TopicPartition] = []
        for topic in topics {
            for p in try await client.partitions(of: topic) { out.append(TopicPartition(topic, p)) }
        }
        return out
    }

    private func partitionsRevoked(_ partitions: [TopicPartition]) async {
        if stopReason == nil { await flush() }
        await settleKafkaCommits()
        logger.info("partitions revoked", metadata: ["partitions": "\(partitions.map(\.description).joined(separator: ","))"])
        assigned = []
        rebalancing = true
    }

    /// Whether the drain is complete (`once`): every partition this process holds is applied up to its target, no
    /// rebalance is under way or pending (one may hand it more partitions), and every other partition of the topics
    /// is applied up to its target in the warehouse — by the members holding it, or by this process once they leave.
    private func drained() async -> Bool {
        guard joined, !rebalancing, pending.isEmpty else { return false }
        let own = assigned.allSatisfy { tp in
            guard let target = drainTargets[tp], let at = applied[tp] else { return false }
            return at >= target
        }
        guard own, let member, await !member.rebalancePending else { return false }
        let others = drainTargets.filter { !assigned.contains($0.key) && $0.value > 0 }
        guard !others.isEmpty else { return true }
        // The warehouse's resume offsets are read at most once a second while others finish.
        if let last = lastOthersCheck, ContinuousClock.now - last < .seconds(1) { return false }
        lastOthersCheck = .now
        let worker = self.worker
        guard case .success(let progress) = await worker.run({ core in core.resumeOffsets() }) else { return false }
        // With `latest`, a partition nobody recorded progress for owes nothing from before its start.
        let latest = config.kafka.autoOffsetReset == .latest
        let waiting = others.filter { tp, target in progress[tp].map { $0 < target } ?? !latest }.keys.sorted()
        guard !waiting.isEmpty else { return true }
        if waitingLogged != waiting {
            waitingLogged = waiting
            logger.info("own partitions drained; waiting for the members holding the others", metadata: [
                "partitions": "\(waiting.map(\.description).joined(separator: ","))"])
        }
        return false
    }

    /// Runs `attempt` until it succeeds, logging each failure and backing off (capped); nil when a stop request
    /// came first or, with `yieldingToRebalance`, when a group rebalance became pending after a failure.
    private func retrying<T: Sendable, E: Error>(_ what: String, after firstError: (any Error)? = nil,
                                                 yieldingToRebalance: Bool = false,
                                                 _ attempt: () async throws(E) -> T) async -> T? {
        var failures = 0
        let yieldTo = yieldingToRebalance ? member : nil
        if let firstError { await failed(what, firstError, &failures, yieldTo) }
        while stopReason == nil {
            if let yieldTo, await yieldTo.rebalancePending { return nil }
            do {
                let value = try await attempt()
                if failures > 0 { logger.notice("\(what) succeeded after retries", metadata: ["failed_attempts": "\(failures)"]) }
                return value
            } catch {
                await failed(what, error, &failures, yieldTo)
            }
        }
        return nil
    }

    /// Counts and logs one failed attempt, then backs off (cut short by a pending rebalance when `yieldTo` is set).
    private func failed(_ what: String, _ error: any Error, _ failures: inout Int, _ yieldTo: KafkaGroupConsumer? = nil) async {
        failures += 1
        summary.retries += 1
        let wait = options.backoff.delayMilliseconds(afterFailures: failures)
        logger.warning("\(what) failed; retrying", metadata: [
            "error": "\(error)", "attempt": "\(failures)", "retry_in_ms": "\(wait)"])
        await pause(milliseconds: wait, until: yieldTo)
    }


    // MARK: Helpers

    private func logProgress(force: Bool) async {
        let now = ContinuousClock.now
        guard force || now - lastProgressLine >= .seconds(config.progressIntervalSeconds) else { return }
        lastProgressLine = now
        var lag: [TopicPartition: Int64] = [:]
        if let member {
            let ends = await member.consumer.highWatermarks
            for tp in assigned {
                if let end = ends[tp], let at = applied[tp] { lag[tp] = max(0, end - at) }
            }
        }
        logger.info("\(stats.progressLine(now: Self.nowMicros(), lag: lag))")
    }

    /// Sleeps up to `milliseconds`, waking early when a stop is requested or `rebalance` reports one pending.
    private func pause(milliseconds: Int, until rebalance: KafkaGroupConsumer? = nil) async {
        let deadline = ContinuousClock.now + .milliseconds(milliseconds)
        while stopReason == nil {
            if let rebalance, await rebalance.rebalancePending { return }
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return }
            try? await Task.sleep(for: min(left, .milliseconds(100)))
        }
    }

    static func describe(_ offsets: [TopicPartition: Int64]) -> String {
        offsets.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }

    static func nowMicros() -> Int64 { Int64(Date().timeIntervalSince1970 * 1_000_000) }
}

extension Duration {
    /// Whole milliseconds.
    var milliseconds: Int64 {
        let (s, a) = components
        return s * 1000 + a / 1_000_000_000_000_000
    }
}
