import Testing
@testable import Kafka

/// The idempotent producer against the real broker: batches carry the producer id, epoch and gap-free
/// per-partition sequences, and a batch retried after its answer was lost is appended once.
@Suite struct IdempotentProducerTests {
    struct BatchHeader: Equatable {
        var baseOffset: Int64
        var producerID: Int64
        var epoch: Int16
        var baseSequence: Int32
        var count: Int32
    }

    /// The headers of every batch in partition `tp`, read raw from one fetch at offset 0.
    static func batchHeaders(_ client: KafkaClient, _ tp: TopicPartition) async throws -> [BatchHeader] {
        let request = FetchRequest(maxWaitMs: 10, minBytes: 0, maxBytes: 10_000_000, topics: [
            .init(name: tp.topic, partitions: [.init(partition: tp.partition, fetchOffset: 0, partitionMaxBytes: 10_000_000)]),
        ])
        let response = try await client.connection(node: try await client.leader(of: tp)).request(request)
        let range = try #require(response.topics.first?.partitions.first?.records)
        var r = WireReader(response.frame, range: range)
        var out: [BatchHeader] = []
        while r.remaining >= 61 {
            let base = try r.readInt64()
            let length = Int(try r.readInt32())
            let next = r.offset + length
            try r.skip(4 + 1 + 4 + 2 + 4 + 8 + 8)  // leader epoch, magic, crc, attributes, last delta, timestamps
            out.append(BatchHeader(baseOffset: base, producerID: try r.readInt64(), epoch: try r.readInt16(),
                                   baseSequence: try r.readInt32(), count: try r.readInt32()))
            try r.skip(next - r.offset)
        }
        return out
    }

    static func values(_ client: KafkaClient, _ tp: TopicPartition, count: Int) async throws -> [String] {
        let consumer = KafkaConsumer(client: client, config: ConsumerConfig(maxWaitMs: 50))
        await consumer.assign(offsets: [tp: 0])
        let records = try await Broker.consume(consumer, count: count, maxEmptyPolls: 5)[tp] ?? []
        #expect(records.map(\.offset) == (0..<Int64(records.count)).map { $0 })
        return records.map { String(decoding: $0.value ?? [], as: UTF8.self) }
    }

    static func records(_ range: Range<Int>) -> [ProducerRecord] {
        range.map { ProducerRecord(key: nil, value: Array("value-\($0)".utf8)) }
    }

    /// Sends three flushes of 10 records; the answer to the second flush's first Produce is lost after the
    /// broker appended it, so the producer retries that batch on a new connection.
    static func produceWithALostAnswer(_ client: KafkaClient, topic: String, idempotent: Bool) async throws -> KafkaProducer {
        // Small batches: each flush of 10 records spans several batches, sent in rounds.
        let producer = KafkaProducer(client: client, config: ProducerConfig(batchMaxBytes: 100, idempotent: idempotent))
        try await producer.produce(topic: topic, partition: 0, Self.records(0..<10))
        let leader = try await client.connection(node: try await client.leader(of: TopicPartition(topic, 0)))
        leader.loseResponses(to: .produce, count: 1)
        try await producer.produce(topic: topic, partition: 0, Self.records(10..<20))
        #expect(!leader.isOpen, "the fault was injected")
        try await producer.produce(topic: topic, partition: 0, Self.records(20..<30))
        return producer
    }

    @Test func retryAfterALostAnswerAppendsOnceWithGapFreeSequences() async throws {
        guard let client = try Broker.client() else { return }
        let topic = Broker.topic("idempotent")
        try await client.createTopic(topic, partitions: 1)
        let tp = TopicPartition(topic, 0)
        let producer = try await Self.produceWithALostAnswer(client, topic: topic, idempotent: true)

        #expect(try await Self.values(client, tp, count: 30) == (0..<30).map { "value-\($0)" })
        let identity = try #require(await producer.producerIdentity)
        #expect(identity.producerID >= 0)
        let headers = try await Self.batchHeaders(client, tp)
        #expect(headers.count > 3)
        var expectedSequence: Int32 = 0
        var expectedOffset: Int64 = 0
        for h in headers {
            #expect(h.producerID == identity.producerID)
            #expect(h.epoch == identity.epoch)
            #expect(h.baseSequence == expectedSequence, "sequences continue across flushes and the retry")
            #expect(h.baseOffset == expectedOffset)
            expectedSequence += h.count
            expectedOffset += Int64(h.count)
        }
        #expect(expectedSequence == 30)

        // Replaying an appended batch byte for byte must not append it again (Kafka answers with the original
        // offset; the test broker with DUPLICATE_SEQUENCE_NUMBER).
        let replay = try RecordBatchEncoder().encode(Self.records(0..<3), now: 1, producer: identity, baseSequence: 0)
        let leader = try await client.connection(node: try await client.leader(of: tp))
        let results = try await leader.request(ProduceRequest(acks: -1, timeoutMs: 5_000, topics: [(topic, [(0, replay)])]))
        #expect([KafkaErrorCode.none, .duplicateSequenceNumber].contains(results.first?.errorCode))
        #expect(try await KafkaConsumer(client: client).endOffsets([tp]) == [tp: 30])
        await client.close()
    }

    /// The same loss without idempotence appends the retried batch twice: the hazard the sequences remove
    /// (and proof that the fault above really happened after the append).
    @Test func withoutIdempotenceTheSameLossDuplicates() async throws {
        guard let client = try Broker.client() else { return }
        let topic = Broker.topic("not-idempotent")
        try await client.createTopic(topic, partitions: 1)
        let tp = TopicPartition(topic, 0)
        let producer = try await Self.produceWithALostAnswer(client, topic: topic, idempotent: false)
        #expect(await producer.producerIdentity == nil)
        let values = try await Self.values(client, tp, count: 40)
        #expect(values.count > 30)
        #expect(Set(values) == Set((0..<30).map { "value-\($0)" }))
        #expect(try await Self.batchHeaders(client, tp).allSatisfy { $0.producerID == -1 && $0.baseSequence == -1 })
        await client.close()
    }

    @Test func idempotenceNeedsAcksAll() async throws {
        guard let client = try Broker.client() else { return }
        let producer = KafkaProducer(client: client, config: ProducerConfig(acks: 1, idempotent: true))
        try await producer.send(topic: "unused", partition: 0, ProducerRecord(key: nil, value: [1]))
        await #expect(throws: KafkaError.invalidArgument("an idempotent producer needs acks = -1")) {
            try await producer.flush()
        }
        await client.close()
    }

    @Test func sequencesWrapAtInt32Max() {
        #expect(ProducerIdentity.sequence(after: 0, count: 10) == 10)
        #expect(ProducerIdentity.sequence(after: Int32.max - 1, count: 1) == Int32.max)
        #expect(ProducerIdentity.sequence(after: Int32.max, count: 1) == 0)
        #expect(ProducerIdentity.sequence(after: Int32.max - 2, count: 5) == 2)
    }
}
