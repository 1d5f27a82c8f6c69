/// Producer settings.
public struct ProducerConfig: Sendable {
    /// 0 = fire and forget, 1 = leader, -1 = all in-sync replicas.
    public var acks: Int16
    public var timeoutMs: Int32
    public var compression: KafkaCompression
    /// Attempts after the first for retriable errors. Without idempotence a retry after a lost answer can
    /// append a batch twice; with it the broker recognises the repeat by its sequence number.
    public var retries: Int
    /// Most uncompressed payload bytes per record batch.
    public var batchMaxBytes: Int
    /// Stamp batches with a producer id, epoch and per-partition sequence numbers (InitProducerId) so that
    /// retries cannot duplicate or reorder records. Requires acks = -1.
    public var idempotent: Bool

    public init(acks: Int16 = -1, timeoutMs: Int32 = 30_000, compression: KafkaCompression = .none,
                retries: Int = 5, batchMaxBytes: Int = 1_000_000, idempotent: Bool = false) {
        self.acks = acks
        self.timeoutMs = timeoutMs
        self.compression = compression
        self.retries = retries
        self.batchMaxBytes = batchMaxBytes
        self.idempotent = idempotent
    }
}

/// A producer that buffers records per partition and sends them as record batches, one Produce request
/// per leader. Keys pick partitions as Kafka's default partitioner does (murmur2); keyless records go
/// round-robin.
///
/// A request carries at most one batch per partition (Apache Kafka rejects more), so a partition with several
/// batches pending is sent in rounds, in order. A retried batch is re-sent byte for byte: for an idempotent
/// producer that keeps its sequence number, and the broker answers a repeat of an appended batch with its
/// original offset (or DUPLICATE_SEQUENCE_NUMBER) instead of appending it again.
public actor KafkaProducer {
    public let client: KafkaClient
    public let config: ProducerConfig
    private var buffers: [TopicPartition: [ProducerRecord]] = [:]
    private var roundRobin: [String: Int32] = [:]
    /// The idempotent producer's id and epoch, obtained on the first flush; reset after a fatal error.
    private var identity: ProducerIdentity?
    /// The sequence number of the next record per partition (idempotent producer).
    private var sequences: [TopicPartition: Int32] = [:]

    public init(client: KafkaClient, config: ProducerConfig = ProducerConfig()) {
        self.client = client
        self.config = config
    }

    /// The id and epoch the broker gave this producer (idempotent producers, after their first flush).
    public var producerIdentity: ProducerIdentity? { identity }

    /// Buffers `record` for `topic` (partition chosen by key unless given); returns the partition.
    @discardableResult
    public func send(topic: String, partition: Int32? = nil, _ record: ProducerRecord) async throws(KafkaError) -> Int32 {
        let chosen: Int32
        if let partition {
            chosen = partition
        } else {
            let count = Int32(try await client.partitions(of: topic).count)
            guard count > 0 else { throw .unknownTopicOrPartition(topic: topic, partition: -1) }
            if let key = record.key {
                chosen = Murmur2.partition(forKey: key, partitionCount: count)
            } else {
                let next = roundRobin[topic, default: 0]
                roundRobin[topic] = (next + 1) % count
                chosen = next % count
            }
        }
        buffers[TopicPartition(topic, chosen), default: []].append(record)
        return chosen
    }

    /// Buffers and flushes `records` in one go; returns the base offset per partition written.
    @discardableResult
    public func produce(topic: String, partition: Int32? = nil, _ records: [ProducerRecord]) async throws(KafkaError) -> [TopicPartition: Int64] {
        for record in records { try await send(topic: topic, partition: partition, record) }
        return try await flush()
    }

    /// Sends everything buffered; returns the base offset of the first batch written to each partition
    /// (-1 with acks=0, or when the broker reports a retried batch as a duplicate without its offset).
    /// Retriable failures are retried with backoff after a metadata refresh.
    @discardableResult
    public func flush() async throws(KafkaError) -> [TopicPartition: Int64] {
        guard !buffers.isEmpty else { return [:] }
        if config.idempotent {
            guard config.acks == -1 else { throw .invalidArgument("an idempotent producer needs acks = -1") }
            if identity == nil { try await initProducerID() }
        }
        let now = Int64(Socket.nowWallMillis())
        var pending: [TopicPartition: ArraySlice<[UInt8]>] = [:]
        let encoder = RecordBatchEncoder(compression: config.compression)
        for (tp, records) in buffers {
            var batches: [[UInt8]] = []
            for chunk in chunks(records) {
                let sequence = sequences[tp, default: 0]
                batches.append(try encoder.encode(chunk, now: now, producer: identity, baseSequence: sequence))
                if identity != nil { sequences[tp] = ProducerIdentity.sequence(after: sequence, count: chunk.count) }
            }
            pending[tp] = batches[...]
        }
        buffers.removeAll()
        do {
            return try await send(pending)
        } catch {
            // The broker's view of this producer's sequences is now unknown: start afresh with a new id.
            if config.idempotent { forgetIdentity() }
            throw error
        }
    }

    private func forgetIdentity() {
        identity = nil
        sequences.removeAll()
    }

    private func initProducerID() async throws(KafkaError) {
        let response = try await client.withRetries("InitProducerId") { () async throws(KafkaError) in
            let response = try await self.client.anyConnection().request(InitProducerIdRequest())
            guard response.errorCode == .none else { throw .broker(response.errorCode, api: .initProducerId, context: "idempotent producer") }
            return response
        }
        identity = ProducerIdentity(producerID: response.producerID, epoch: response.producerEpoch)
        sequences.removeAll()
    }

    /// Sends the first pending batch of every partition per round until none is left.
    private func send(_ batches: [TopicPartition: ArraySlice<[UInt8]>]) async throws(KafkaError) -> [TopicPartition: Int64] {
        var pending = batches
        var baseOffsets: [TopicPartition: Int64] = [:]
        var attempt = 0
        while !pending.isEmpty {
            var lastError: KafkaError?
            let byLeader: [Int32: [TopicPartition]]
            do {
                byLeader = try await client.partitionsByLeader(pending.keys.sorted())
            } catch where error.isRetriable && attempt < config.retries {
                attempt += 1
                await client.invalidateMetadata()
                await client.backoff(failures: attempt)
                continue
            }
            for (node, tps) in byLeader {
                let request = ProduceRequest(acks: config.acks, timeoutMs: config.timeoutMs, topics:
                    Dictionary(grouping: tps, by: \.topic).map { topic, tps in
                        (topic, tps.compactMap { tp in pending[tp]?.first.map { (tp.partition, $0) } })
                    })
                do throws(KafkaError) {
                    let connection = try await client.connection(node: node)
                    guard let results = try await connection.send(request, timeoutMs: config.timeoutMs + client.config.requestTimeoutMs) else {
                        for tp in tps {
                            if baseOffsets[tp] == nil { baseOffsets[tp] = -1 }
                            pending[tp] = pending[tp]?.dropFirst()
                        }
                        continue
                    }
                    for r in results {
                        let tp = TopicPartition(r.topic, r.partition)
                        switch r.errorCode {
                        case .none, .duplicateSequenceNumber:
                            // A duplicate was appended by an earlier attempt whose answer was lost.
                            if baseOffsets[tp] == nil { baseOffsets[tp] = r.errorCode == .none ? r.baseOffset : -1 }
                            pending[tp] = pending[tp]?.dropFirst()
                        case let code where code.isRetriable:
                            lastError = .broker(code, api: .produce, context: "\(tp)")
                        case let code:
                            throw .broker(code, api: .produce, context: "\(tp) \(r.errorMessage ?? "")")
                        }
                    }
                } catch where error.isRetriable {
                    lastError = error
                }
            }
            pending = pending.filter { !$0.value.isEmpty }
            if let lastError, !pending.isEmpty {
                attempt += 1
                guard attempt <= config.retries else { throw lastError }
                client.config.warn("produce: \(lastError); retrying (\(attempt)/\(config.retries))")
                await client.invalidateMetadata()
                await client.backoff(failures: attempt)
            }
        }
        return baseOffsets
    }

    /// Splits records into batches of at most `batchMaxBytes` payload bytes (at least one record each).
    private func chunks(_ records: [ProducerRecord]) -> [[ProducerRecord]] {
        var out: [[ProducerRecord]] = []
        var current: [ProducerRecord] = []
        var size = 0
        for record in records {
            let bytes = (record.key?.count ?? 0) + (record.value?.count ?? 0) + 16
                + record.headers.reduce(0) { $0 + $1.key.utf8.count + ($1.value?.count ?? 0) }
            if !current.isEmpty && size + bytes > config.batchMaxBytes {
                out.append(current)
                current = []
                size = 0
            }
            current.append(record)
            size += bytes
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
