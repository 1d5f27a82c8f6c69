/// Producer settings.
public struct ProducerConfig: Sendable {
    /// 0 = fire and forget, 1 = leader, -1 = all in-sync replicas.
    public var acks: Int16
    public var timeoutMs: Int32
    public var compression: KafkaCompression
    /// Attempts after the first for retriable errors (duplicates are possible: no idempotence).
    public var retries: Int
    /// Most uncompressed payload bytes per record batch.
    public var batchMaxBytes: Int

    public init(acks: Int16 = -1, timeoutMs: Int32 = 30_000, compression: KafkaCompression = .none,
                retries: Int = 5, batchMaxBytes: Int = 1_000_000) {
        self.acks = acks
        self.timeoutMs = timeoutMs
        self.compression = compression
        self.retries = retries
        self.batchMaxBytes = batchMaxBytes
    }
}

/// A producer that buffers records per partition and sends them as record batches, one Produce request
/// per leader. Keys pick partitions as Kafka's default partitioner does (murmur2); keyless records go
/// round-robin.
public actor KafkaProducer {
    public let client: KafkaClient
    public let config: ProducerConfig
    private var buffers: [TopicPartition: [ProducerRecord]] = [:]
    private var roundRobin: [String: Int32] = [:]

    public init(client: KafkaClient, config: ProducerConfig = ProducerConfig()) {
        self.client = client
        self.config = config
    }

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
    /// (-1 with acks=0). Retriable failures are retried with backoff after a metadata refresh.
    @discardableResult
    public func flush() async throws(KafkaError) -> [TopicPartition: Int64] {
        let now = Int64(Socket.nowWallMillis())
        var pending: [TopicPartition: [[UInt8]]] = [:]
        let encoder = RecordBatchEncoder(compression: config.compression)
        for (tp, records) in buffers {
            pending[tp] = try chunks(records).map { chunk throws(KafkaError) in try encoder.encode(chunk, now: now) }
        }
        buffers.removeAll()
        var baseOffsets: [TopicPartition: Int64] = [:]
        var attempt = 0
        while !pending.isEmpty {
            var failed: [TopicPartition: [[UInt8]]] = [:]
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
                        (topic, tps.map { tp in (tp.partition, pending[tp, default: []].flatMap { $0 }) })
                    })
                do throws(KafkaError) {
                    let connection = try await client.connection(node: node)
                    guard let results = try await connection.send(request, timeoutMs: config.timeoutMs + client.config.requestTimeoutMs) else {
                        for tp in tps { baseOffsets[tp] = baseOffsets[tp] ?? -1 }
                        continue
                    }
                    for r in results {
                        let tp = TopicPartition(r.topic, r.partition)
                        if r.errorCode == .none {
                            if baseOffsets[tp] == nil { baseOffsets[tp] = r.baseOffset }
                        } else if r.errorCode.isRetriable {
                            failed[tp] = pending[tp]
                            lastError = .broker(r.errorCode, api: .produce, context: "\(tp)")
                        } else {
                            throw .broker(r.errorCode, api: .produce, context: "\(tp) \(r.errorMessage ?? "")")
                        }
                    }
                } catch where error.isRetriable {
                    for tp in tps { failed[tp] = pending[tp] }
                    lastError = error
                }
            }
            pending = failed
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
