import Testing
import Foundation
@testable import Kafka

/// Consumer behaviour against the real broker: volume without gaps or duplicates, offset resets,
/// corrupted batches, reconnects.
@Suite struct ConsumerTests {
    @Test func hundredThousandMessagesAcrossFourPartitionsNoGapNoDuplicate() async throws {
        guard let client = try Broker.client() else { return }
        let topic = Broker.topic("volume")
        try await client.createTopic(topic, partitions: 4)
        let total = 100_000
        let producer = KafkaProducer(client: client, config: ProducerConfig(compression: .lz4))
        var expected: [Int32: Int] = [:]
        for chunk in stride(from: 0, to: total, by: 10_000) {
            for i in chunk..<chunk + 10_000 {
                let p = try await producer.send(topic: topic, ProducerRecord(key: Array("key-\(i)".utf8), value: Array("message-\(i)".utf8)))
                expected[p, default: 0] += 1
            }
            try await producer.flush()
        }
        #expect(expected.count == 4)

        let consumer = KafkaConsumer(client: client, config: ConsumerConfig(maxWaitMs: 100, maxRecordsPerPoll: 5_000))
        await consumer.assign((0..<4).reduce(into: [:]) { $0[TopicPartition(topic, $1)] = .earliest })
        var seen = [Bool](repeating: false, count: total)
        var duplicates = 0
        var count = 0
        var nextOffset: [Int32: Int64] = [:]
        var gaps = 0
        var emptyPolls = 0
        while count < total && emptyPolls < 20 {
            let batch = try await consumer.poll()
            emptyPolls = batch.isEmpty ? emptyPolls + 1 : 0
            for part in batch {
                #expect(part.records.count <= 5_000)
                for r in part.records {
                    if r.offset != nextOffset[part.topicPartition.partition, default: 0] { gaps += 1 }
                    nextOffset[part.topicPartition.partition] = r.offset + 1
                    let text = String(decoding: r.value ?? [], as: UTF8.self)
                    guard let i = Int(text.dropFirst("message-".count)), i >= 0, i < total else {
                        Issue.record("unexpected value \(text)")
                        continue
                    }
                    if seen[i] { duplicates += 1 }
                    seen[i] = true
                    #expect(r.key.map { String(decoding: $0, as: UTF8.self) } == "key-\(i)")
                    count += 1
                }
            }
        }
        #expect(count == total)
        #expect(duplicates == 0)
        #expect(gaps == 0)
        #expect(seen.allSatisfy { $0 })
        for (p, n) in expected { #expect(nextOffset[p] == Int64(n), "partition \(p)") }
        let ends = try await consumer.endOffsets((0..<4).map { TopicPartition(topic, $0) })
        for (p, n) in expected { #expect(ends[TopicPartition(topic, p)] == Int64(n)) }
        #expect(try await consumer.poll().isEmpty)
        await client.close()
    }

    @Test func outOfRangePositionsAreResetByPolicy() async throws {
        guard let client = try Broker.client() else { return }
        let topic = Broker.topic("range")
        try await client.createTopic(topic, partitions: 1)
        let tp = TopicPartition(topic, 0)
        let producer = KafkaProducer(client: client)
        try await producer.produce(topic: topic, partition: 0, (0..<10).map { ProducerRecord(key: nil, value: [UInt8($0)]) })

        let earliest = KafkaConsumer(client: client, config: ConsumerConfig(maxWaitMs: 50, resetPolicy: .earliest))
        await earliest.assign(offsets: [tp: 1_000])
        let fromStart = try await Broker.consume(earliest, count: 10)[tp] ?? []
        #expect(fromStart.map(\.offset) == Array(0..<10))

        let strict = KafkaConsumer(client: client, config: ConsumerConfig(maxWaitMs: 50, resetPolicy: .none))
        await strict.assign(offsets: [tp: 1_000])
        await #expect(throws: KafkaError.offsetOutOfRange(topic: topic, partition: 0, offset: 1_000, logStart: 0, highWatermark: 10)) {
            _ = try await strict.poll()
        }

        let latest = KafkaConsumer(client: client, config: ConsumerConfig(maxWaitMs: 50, resetPolicy: .latest))
        await latest.assign(offsets: [tp: 1_000])
        #expect(try await latest.poll().isEmpty)
        #expect(await latest.positions[tp] == 10)
        try await producer.produce(topic: topic, partition: 0, [ProducerRecord(key: nil, value: [42])])
        let next = try await Broker.consume(latest, count: 1)[tp] ?? []
        #expect(next.map(\.offset) == [10])
        #expect(next.first?.value == [42])

        // A start at .latest is the fetch high watermark, not ListOffsets (which the test broker gets wrong).
        let tail = KafkaConsumer(client: client, config: ConsumerConfig(maxWaitMs: 50))
        await tail.assign([tp: .latest])
        #expect(try await tail.poll().isEmpty)
        #expect(await tail.positions[tp] == 11)
        await client.close()
    }

    @Test func corruptedBatchFromTheBrokerIsRejected() async throws {
        guard let client = try Broker.client() else { return }
        let topic = Broker.topic("corrupt")
        try await client.createTopic(topic, partitions: 1)
        var batch = try RecordBatchEncoder().encode([ProducerRecord(key: [1], value: Array("payload".utf8))], now: 1)
        batch[batch.count - 3] ^= 0xFF  // inside the value; the CRC no longer matches
        let leader = try await client.leader(of: TopicPartition(topic, 0))
        let results = try await client.connection(node: leader).request(
            ProduceRequest(acks: -1, timeoutMs: 5_000, topics: [(topic, [(0, batch)])]))
        #expect(results.first?.errorCode == KafkaErrorCode.none)  // the broker stores it unchecked

        let consumer = KafkaConsumer(client: client, config: ConsumerConfig(maxWaitMs: 50))
        await consumer.assign(offsets: [TopicPartition(topic, 0): 0])
        await #expect {
            _ = try await consumer.poll()
        } throws: { error in
            guard case .crcMismatch(baseOffset: 0, _, _) = error as? KafkaError else { return false }
            return true
        }
        #expect(await consumer.positions[TopicPartition(topic, 0)] == 0)  // nothing skipped silently
        await client.close()
    }

    @Test func droppedConnectionsAreReopened() async throws {
        guard let client = try Broker.client() else { return }
        let topic = Broker.topic("reconnect")
        try await client.createTopic(topic, partitions: 1)
        let tp = TopicPartition(topic, 0)
        let producer = KafkaProducer(client: client)
        try await producer.produce(topic: topic, partition: 0, [ProducerRecord(key: nil, value: [1])])
        let leader = try await client.leader(of: tp)
        let first = try await client.connection(node: leader)
        first.close()
        #expect(!first.isOpen)
        await #expect(throws: KafkaError.closed) { _ = try await first.request(MetadataRequest(topics: [])) }
        try await producer.produce(topic: topic, partition: 0, [ProducerRecord(key: nil, value: [2])])
        let second = try await client.connection(node: leader)
        #expect(second !== first)
        let consumer = KafkaConsumer(client: client, config: ConsumerConfig(maxWaitMs: 50))
        await consumer.assign(offsets: [tp: 0])
        let got = try await Broker.consume(consumer, count: 2)[tp] ?? []
        #expect(got.map { $0.value.map(Array.init) } == [[1], [2]])
        await client.close()
    }

    /// Apache Kafka does not answer acks=0; the test broker does. Either way later requests on the same
    /// connection must still get their own answers.
    @Test func acksZeroLeavesTheConnectionUsable() async throws {
        guard let client = try Broker.client() else { return }
        let topic = Broker.topic("acks0")
        try await client.createTopic(topic, partitions: 1)
        let fireAndForget = KafkaProducer(client: client, config: ProducerConfig(acks: 0))
        let offsets = try await fireAndForget.produce(topic: topic, partition: 0, [ProducerRecord(key: nil, value: [7])])
        #expect(offsets[TopicPartition(topic, 0)] == -1)
        let acked = try await KafkaProducer(client: client).produce(topic: topic, partition: 0, [ProducerRecord(key: nil, value: [8])])
        #expect(acked[TopicPartition(topic, 0)] == 1)
        let consumer = KafkaConsumer(client: client, config: ConsumerConfig(maxWaitMs: 50))
        await consumer.assign(offsets: [TopicPartition(topic, 0): 0])
        let got = try await Broker.consume(consumer, count: 2)[TopicPartition(topic, 0)] ?? []
        #expect(got.map { $0.value.map(Array.init) } == [[7], [8]])
        await client.close()
    }

    @Test func unreachableBrokerIsATypedError() async throws {
        let client = KafkaClient(config: KafkaConfig(bootstrap: [("127.0.0.1", 1)], connectTimeoutMs: 1_000,
                                                     retryBackoffMs: 10, maxRetryBackoffMs: 20))
        await #expect {
            _ = try await client.refreshMetadata(topics: [])
        } throws: { error in
            guard case .connectFailed(host: "127.0.0.1", port: 1, _) = error as? KafkaError else { return false }
            return true
        }
        await client.close()
    }
}
