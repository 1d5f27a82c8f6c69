/// What a consumer does when its position lies outside [log start, high watermark].
public enum OffsetResetPolicy: Sendable {
    case earliest
    case latest
    /// Throw ``KafkaError/offsetOutOfRange(topic:partition:offset:logStart:highWatermark:)``.
    case none
}

/// Consumer settings.
public struct ConsumerConfig: Sendable {
    /// Long-poll: how long the broker may wait for `minBytes` of new data.
    public var maxWaitMs: Int32
    public var minBytes: Int32
    /// Upper bound of one fetch response (per broker).
    public var maxBytes: Int32
    public var maxPartitionBytes: Int32
    /// Most records one `poll` returns; the rest stay buffered for the next call.
    public var maxRecordsPerPoll: Int
    public var resetPolicy: OffsetResetPolicy
    /// 0 = read uncommitted, 1 = read committed.
    public var isolationLevel: Int8
    /// Send the next fetch before `poll` returns, so the broker works while the caller does.
    public var prefetch: Bool
    /// Connections a broker's partitions are fetched over in parallel (a broker answers one request per
    /// connection at a time, so one connection leaves a multi-core broker mostly idle). They share `maxBytes`.
    /// Two read 1M messages from the test broker in about 0.65 of the time one took (Benchmarks/README.md).
    public var fetchConnectionsPerBroker: Int

    public init(maxWaitMs: Int32 = 500, minBytes: Int32 = 1, maxBytes: Int32 = 52_428_800,
                maxPartitionBytes: Int32 = 1_048_576, maxRecordsPerPoll: Int = 10_000,
                resetPolicy: OffsetResetPolicy = .earliest, isolationLevel: Int8 = 0,
                prefetch: Bool = true, fetchConnectionsPerBroker: Int = 2) {
        self.maxWaitMs = maxWaitMs
        self.minBytes = minBytes
        self.maxBytes = maxBytes
        self.maxPartitionBytes = maxPartitionBytes
        self.maxRecordsPerPoll = maxRecordsPerPoll
        self.resetPolicy = resetPolicy
        self.isolationLevel = isolationLevel
        self.prefetch = prefetch
        self.fetchConnectionsPerBroker = fetchConnectionsPerBroker
    }
}

/// Records of one partition returned by a poll, in offset order.
public struct PartitionRecords: Sendable {
    public var topicPartition: TopicPartition
    public var records: [KafkaRecord]
    /// The partition's high watermark as of the fetch that returned these records.
    public var highWatermark: Int64
}

/// Where to start reading a partition.
public enum StartPosition: Sendable, Hashable {
    case offset(Int64)
    case earliest
    /// The current log end (taken from a fetch's high watermark).
    case latest
}

/// A consumer of explicitly assigned partitions: the caller owns the offsets (``assign(_:)``, ``seek(_:to:)``)
/// and ``poll(maxRecords:)`` returns the next records of every assigned partition.
///
/// Positions outside [log start, high watermark] are detected on the client (some brokers return no error
/// for them) and reset by ``ConsumerConfig/resetPolicy`` with a warning. The log end comes from fetch
/// responses' high watermarks. Leader changes and retriable errors refresh metadata and retry on the next poll.
public actor KafkaConsumer {
    public let client: KafkaClient
    public let config: ConsumerConfig
    private let decoder = RecordBatchDecoder()

    private struct PartitionState {
        var position: Int64
        var highWatermark: Int64 = -1
        var logStartOffset: Int64 = -1
        var buffered: ArraySlice<KafkaRecord> = []
        var maxBytes: Int32
    }

    private var states: [TopicPartition: PartitionState] = [:]
    private var pendingStarts: [TopicPartition: StartPosition] = [:]
    /// The fetch sent ahead by the previous poll (``ConsumerConfig/prefetch``).
    private var prefetch: Task<[FetchOutcome], Never>?

    public init(client: KafkaClient, config: ConsumerConfig = ConsumerConfig()) {
        self.client = client
        self.config = config
    }

    // MARK: Assignment and positions

    /// Adds partitions (or moves existing ones) to the given start positions.
    public func assign(_ starts: [TopicPartition: StartPosition]) {
        for (tp, start) in starts {
            states[tp] = nil
            pendingStarts[tp] = start
        }
    }

    /// Adds partitions at explicit offsets (the next offset to read).
    public func assign(offsets: [TopicPartition: Int64]) {
        assign(offsets.mapValues { StartPosition.offset($0) })
    }

    /// Stops consuming `partitions`, dropping their buffered records.
    public func unassign(_ partitions: some Sequence<TopicPartition>) {
        for tp in partitions {
            states[tp] = nil
            pendingStarts[tp] = nil
        }
    }

    public func unassignAll() {
        prefetch = nil
        states.removeAll()
        pendingStarts.removeAll()
    }

    public var assignment: Set<TopicPartition> { Set(states.keys).union(pendingStarts.keys) }

    /// Moves a partition's position; buffered records are dropped.
    public func seek(_ tp: TopicPartition, to start: StartPosition) {
        states[tp] = nil
        pendingStarts[tp] = start
    }

    /// The next offset `poll` will return for each partition whose position is known.
    public var positions: [TopicPartition: Int64] {
        var out: [TopicPartition: Int64] = [:]
        for (tp, s) in states { out[tp] = s.buffered.first?.offset ?? s.position }
        for (tp, start) in pendingStarts { if case let .offset(o) = start { out[tp] = o } }
        return out
    }

    /// High watermarks seen in the latest fetches.
    public var highWatermarks: [TopicPartition: Int64] {
        states.compactMapValues { $0.highWatermark >= 0 ? $0.highWatermark : nil }
    }

    private var readCommitted: Bool { config.isolationLevel == 1 }

    /// The current log end of each partition, asked of the leaders now (an empty fetch at the end): the high
    /// watermark, or for a read-committed consumer the last stable offset (where undecided transactions begin).
    public func endOffsets(_ partitions: [TopicPartition]) async throws(KafkaError) -> [TopicPartition: Int64] {
        var out: [TopicPartition: Int64] = [:]
        for (node, tps) in try await client.partitionsByLeader(partitions) {
            // max_wait 0 makes some brokers (Tansu) answer with no partitions at all, hence 1 ms.
            let request = FetchRequest(maxWaitMs: 1, minBytes: 0, maxBytes: 1, isolationLevel: config.isolationLevel,
                                       topics: Dictionary(grouping: tps, by: \.topic).map { topic, tps in
                                           .init(name: topic, partitions: tps.map {
                                               .init(partition: $0.partition, fetchOffset: 0, partitionMaxBytes: 1)
                                           })
                                       })
            let response = try await client.connection(node: node).request(request)
            for topic in response.topics {
                for p in topic.partitions {
                    guard p.errorCode == .none else {
                        throw .broker(p.errorCode, api: .fetch, context: "\(topic.name)-\(p.partition)")
                    }
                    let stable = readCommitted && p.lastStableOffset >= 0 ? p.lastStableOffset : p.highWatermark
                    out[TopicPartition(topic.name, p.partition)] = stable
                }
            }
        }
        return out
    }

    // MARK: Polling

    /// Returns the next records of the assigned partitions: buffered ones first, otherwise the answers to one
    /// fetch per leader (and lane), waiting up to `maxWaitMs` for data. At most `maxRecords` (default from the
    /// config) records. With ``ConsumerConfig/prefetch`` the next fetch is sent before this call returns, so
    /// the broker prepares it while the caller works on these records.
    public func poll(maxRecords: Int? = nil) async throws(KafkaError) -> [PartitionRecords] {
        let limit = max(1, maxRecords ?? config.maxRecordsPerPoll)
        try await resolvePendingStarts()
        if !states.values.contains(where: { !$0.buffered.isEmpty }) {
            guard !states.isEmpty else { return [] }
            let fetch: Task<[FetchOutcome], Never>
            if let ahead = prefetch {
                fetch = ahead
            } else {
                guard let started = try await startFetch() else { return [] }
                fetch = started
            }
            prefetch = nil
            try await absorb(await fetch.value)
        }
        let out = drainBuffered(limit: limit)
        if config.prefetch && prefetch == nil && !states.isEmpty
            && states.values.reduce(0, { $0 + $1.buffered.count }) < limit {
            // A failure here resurfaces in the next poll, which asks again; these records are returned first.
            prefetch = (try? await startFetch()) ?? nil
        }
        return out
    }

    /// One fetch's request, the positions it asked for, and its answer.
    private typealias FetchOutcome = (request: FetchRequest, node: Int32, result: Result<FetchRequest.Response, KafkaError>)

    /// Sends one fetch per leader and lane from the current positions; nil (after a backoff) when the
    /// leaders cannot be looked up right now.
    private func startFetch() async throws(KafkaError) -> Task<[FetchOutcome], Never>? {
        let byLeader: [Int32: [TopicPartition]]
        do {
            byLeader = try await client.partitionsByLeader(states.keys.sorted())
        } catch where error.isRetriable {
            await client.backoff(failures: 1)
            return nil
        }
        var requests: [(node: Int32, lane: Int, request: FetchRequest)] = []
        for (node, tps) in byLeader {
            let lanes = max(1, min(config.fetchConnectionsPerBroker, tps.count))
            for lane in 0..<lanes {
                let share = stride(from: lane, to: tps.count, by: lanes).map { tps[$0] }
                requests.append((node, lane, fetchRequest(for: share, lanes: lanes)))
            }
        }
        let client = self.client
        return Task {
            await withTaskGroup(of: FetchOutcome.self) { group in
                for (node, lane, request) in requests {
                    group.addTask {
                        do throws(KafkaError) {
                            let connection = try await client.connection(node: node, lane: lane)
                            let timeout = client.config.requestTimeoutMs + request.maxWaitMs
                            return (request, node, .success(try await connection.request(request, timeoutMs: timeout)))
                        } catch {
                            return (request, node, .failure(error))
                        }
                    }
                }
                var outcomes: [FetchOutcome] = []
                for await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
        }
    }

    /// Takes in the answers of one round of fetches; retriable failures refresh metadata for the next poll.
    private func absorb(_ outcomes: [FetchOutcome]) async throws(KafkaError) {
        var retriable: KafkaError?
        for outcome in outcomes {
            switch outcome.result {
            case let .success(response): try await absorb(response, for: outcome.request)
            case let .failure(error):
                guard error.isRetriable else { throw error }
                retriable = error
            }
        }
        if let retriable {
            client.config.warn("fetch failed: \(retriable); will retry")
            await client.invalidateMetadata()
        }
    }

    /// A fetch of `tps` from their positions; `lanes` requests to one broker share its byte budget.
    private func fetchRequest(for tps: [TopicPartition], lanes: Int) -> FetchRequest {
        let topics = Dictionary(grouping: tps, by: \.topic).sorted { $0.key < $1.key }.map { topic, tps in
            FetchRequest.Topic(name: topic, partitions: tps.compactMap { tp in
                states[tp].map { .init(partition: tp.partition, fetchOffset: $0.position, partitionMaxBytes: $0.maxBytes) }
            })
        }
        return FetchRequest(maxWaitMs: max(config.maxWaitMs, 1), minBytes: config.minBytes,
                            maxBytes: max(1, config.maxBytes / Int32(lanes)), isolationLevel: config.isolationLevel,
                            topics: topics)
    }

    /// Decodes one fetch response into the partition buffers and advances positions. A partition whose
    /// position moved since `request` was sent (a seek, a reset, a new assignment) ignores its answer.
    private func absorb(_ response: FetchRequest.Response, for request: FetchRequest) async throws(KafkaError) {
        var asked: [TopicPartition: Int64] = [:]
        for topic in request.topics {
            for p in topic.partitions { asked[TopicPartition(topic.name, p.partition)] = p.fetchOffset }
        }
        if response.errorCode != .none {
            if response.errorCode.isRetriable { await client.invalidateMetadata(); return }
            throw .broker(response.errorCode, api: .fetch, context: "fetch")
        }
        for topic in response.topics {
            for p in topic.partitions {
                let tp = TopicPartition(topic.name, p.partition)
                guard var state = states[tp], asked[tp] == state.position else { continue }
                switch p.errorCode {
                case .none:
                    break
                case .offsetOutOfRange:
                    try await reset(tp, state: state, reason: "broker reported OFFSET_OUT_OF_RANGE",
                                    logStart: p.logStartOffset, highWatermark: p.highWatermark)
                    continue
                case let code where code.isRetriable:
                    await client.invalidateMetadata()
                    continue
                case let code:
                    throw .broker(code, api: .fetch, context: "\(tp)")
                }
                state.highWatermark = p.highWatermark
                state.logStartOffset = p.logStartOffset
                var records: [KafkaRecord] = []
                var summary = RecordBatchDecoder.Summary(nextOffset: nil, batches: 0, partialBytes: 0)
                if let range = p.records, !range.isEmpty {
                    summary = try decoder.decode(response.frame, range: range, minOffset: state.position,
                                                 abortedTransactions: readCommitted ? p.abortedTransactions : nil,
                                                 into: &records)
                }
                // Past the last record, and past control batches, aborted or compacted-away offsets after it.
                let next = max(records.last.map { $0.offset + 1 } ?? state.position, summary.nextOffset ?? state.position)
                if next > state.position {
                    state.position = next
                } else if summary.partialBytes > 0 && summary.batches == 0 {
                    // A batch larger than the partition limit: ask for more next time.
                    state.maxBytes = Int32(clamping: Int64(state.maxBytes) * 2)
                }
                if records.isEmpty && (state.position > p.highWatermark || (p.logStartOffset > 0 && state.position < p.logStartOffset)) {
                    try await reset(tp, state: state, reason: "position outside the log",
                                    logStart: p.logStartOffset, highWatermark: p.highWatermark)
                    continue
                }
                state.buffered = records[...]
                states[tp] = state
            }
        }
    }

    /// Applies the reset policy to an out-of-range position.
    private func reset(_ tp: TopicPartition, state: PartitionState, reason: String, logStart: Int64,
                       highWatermark: Int64) async throws(KafkaError) {
        let start = max(logStart, 0)
        switch config.resetPolicy {
        case .none:
            throw .offsetOutOfRange(topic: tp.topic, partition: tp.partition, offset: state.position, logStart: start,
                                    highWatermark: highWatermark)
        case .earliest:
            let earliest = try await client.listOffsets([tp], timestamp: ListOffsetsRequest.earliest)[tp] ?? start
            client.config.warn("\(tp): offset \(state.position) out of range (\(reason)); resetting to earliest \(earliest)")
            states[tp] = PartitionState(position: earliest, highWatermark: highWatermark, logStartOffset: logStart,
                                        maxBytes: config.maxPartitionBytes)
        case .latest:
            client.config.warn("\(tp): offset \(state.position) out of range (\(reason)); resetting to the end \(highWatermark)")
            states[tp] = PartitionState(position: highWatermark, highWatermark: highWatermark, logStartOffset: logStart,
                                        maxBytes: config.maxPartitionBytes)
        }
    }

    private func resolvePendingStarts() async throws(KafkaError) {
        guard !pendingStarts.isEmpty else { return }
        let starts = pendingStarts
        var earliest: [TopicPartition] = []
        var latest: [TopicPartition] = []
        for (tp, start) in starts {
            switch start {
            case let .offset(o): states[tp] = PartitionState(position: o, maxBytes: config.maxPartitionBytes)
            case .earliest: earliest.append(tp)
            case .latest: latest.append(tp)
            }
        }
        let firsts = earliest.isEmpty ? [:] : try await client.listOffsets(earliest, timestamp: ListOffsetsRequest.earliest)
        let ends = latest.isEmpty ? [:] : try await endOffsets(latest)
        for (tp, o) in firsts.merging(ends, uniquingKeysWith: { a, _ in a }) {
            states[tp] = PartitionState(position: o, maxBytes: config.maxPartitionBytes)
        }
        for tp in starts.keys where states[tp] != nil { pendingStarts[tp] = nil }
    }

    private func drainBuffered(limit: Int) -> [PartitionRecords] {
        var out: [PartitionRecords] = []
        var left = limit
        for tp in states.keys.sorted() where left > 0 {
            guard var state = states[tp], !state.buffered.isEmpty else { continue }
            let take = state.buffered.prefix(left)
            state.buffered = state.buffered.dropFirst(take.count)
            left -= take.count
            states[tp] = state
            out.append(PartitionRecords(topicPartition: tp, records: Array(take), highWatermark: state.highWatermark))
        }
        return out
    }
}
