import Testing
import Foundation
import TestSupport
@testable import Kafka

/// The broker is SIGKILLed in the middle of a consume and restarted on the same port (its s3 engine keeps the
/// log): the consumer rides through the outage and resumes at the right offsets, with no gap and no duplicate,
/// and offsets committed before the crash are still there.
@Suite struct RestartTests {
    static let partitions: Int32 = 4
    static let perPartitionBefore = 1_000
    static let perPartitionAfter = 250

    static func value(_ p: Int32, _ i: Int) -> [UInt8] { Array("p\(p)-m\(i)".utf8) }

    @Test func consumerResumesAfterBrokerKillAndRestart() async throws {
        guard let broker = try await S3Broker.start() else { return }
        defer { broker.stop() }
        let config = try KafkaConfig(bootstrap: broker.address, clientID: "restart-test")
        let client = KafkaClient(config: KafkaConfig(bootstrap: config.bootstrap, clientID: "restart-test",
                                                     connectTimeoutMs: 2_000, requestTimeoutMs: 10_000,
                                                     retryBackoffMs: 20, maxRetryBackoffMs: 200, warn: { _ in }))
        let topic = Broker.topic("restart")
        let group = Broker.topic("restart-g")
        try await client.createTopic(topic, partitions: Self.partitions)
        let tps = (0..<Self.partitions).map { TopicPartition(topic, $0) }
        let producer = KafkaProducer(client: client, config: ProducerConfig(compression: .lz4, retries: 20))
        for p in 0..<Self.partitions {
            for chunk in stride(from: 0, to: Self.perPartitionBefore, by: 250) {
                try await producer.produce(topic: topic, partition: p, (chunk..<chunk + 250).map {
                    ProducerRecord(key: nil, value: Self.value(p, $0))
                })
            }
        }

        // Small fetches, so that the consumer still needs the broker after the kill (with the default
        // 50 MB it would have prefetched the whole log already).
        let consumer = KafkaConsumer(client: client, config: ConsumerConfig(maxWaitMs: 100, maxBytes: 8_000, maxRecordsPerPoll: 300))
        await consumer.assign(Dictionary(uniqueKeysWithValues: tps.map { ($0, StartPosition.earliest) }))
        var seen: [TopicPartition: [KafkaRecord]] = [:]
        func take(_ batch: [PartitionRecords]) {
            for part in batch { seen[part.topicPartition, default: []] += part.records }
        }
        var consumed: Int { seen.values.reduce(0) { $0 + $1.count } }
        let total = Int(Self.partitions) * Self.perPartitionBefore
        while consumed < total / 2 { take(try await consumer.poll()) }
        let committed = await consumer.positions
        try await client.commitOffsets(group: group, committed)

        // Kill the broker while a fetch may be on the wire; polls during the outage return what was
        // buffered or nothing, never an error.
        async let inFlight = consumer.poll()
        try await broker.kill()
        take(try await inFlight)
        #expect(consumed < total, "the kill happened mid-consume")
        for _ in 0..<3 { take(try await consumer.poll()) }
        try await broker.restart()

        for p in 0..<Self.partitions {
            try await producer.produce(topic: topic, partition: p, (0..<Self.perPartitionAfter).map {
                ProducerRecord(key: nil, value: Self.value(p, Self.perPartitionBefore + $0))
            })
        }
        let grandTotal = Int(Self.partitions) * (Self.perPartitionBefore + Self.perPartitionAfter)
        var idle = 0
        while consumed < grandTotal && idle < 50 {
            let batch = try await consumer.poll()
            idle = batch.isEmpty ? idle + 1 : 0
            take(batch)
        }

        for tp in tps {
            let records = seen[tp] ?? []
            let n = Self.perPartitionBefore + Self.perPartitionAfter
            #expect(records.map(\.offset) == (0..<Int64(n)).map { $0 }, "\(tp): offsets dense from 0, once each")
            #expect(records.map { $0.value.map(Array.init) } == (0..<n).map { Self.value(tp.partition, $0) }, "\(tp) values")
        }
        #expect(try await client.committedOffsets(group: group, tps) == committed)
        #expect(try await consumer.endOffsets(tps) == Dictionary(uniqueKeysWithValues: tps.map {
            ($0, Int64(Self.perPartitionBefore + Self.perPartitionAfter))
        }))

        // A second consumer starting from the commit made before the crash reads exactly the rest.
        let resumed = KafkaConsumer(client: client, config: ConsumerConfig(maxWaitMs: 100))
        await resumed.assign(offsets: committed)
        let rest = try await Broker.consume(resumed, count: grandTotal - committed.values.reduce(0) { $0 + Int($1) })
        for tp in tps {
            let from = committed[tp] ?? 0
            #expect(rest[tp]?.map(\.offset) == Array(from..<Int64(Self.perPartitionBefore + Self.perPartitionAfter)), "\(tp)")
        }
        await client.close()
    }
}
