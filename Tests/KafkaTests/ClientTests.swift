import Testing
import Foundation
@testable import Kafka

/// The client against the real broker: handshake, admin, produce and consume with every codec.
@Suite struct ClientTests {
    @Test func handshakeNegotiatesImplementedVersions() async throws {
        guard let address = try Broker.address() else { return }
        let config = try KafkaConfig(bootstrap: address)
        let connection = try await BrokerConnection.connect(host: config.bootstrap[0].host, port: config.bootstrap[0].port)
        defer { connection.close() }
        #expect(connection.version(for: FetchRequest.self) == 12)
        #expect(connection.version(for: MetadataRequest.self) == 12)
        #expect(connection.version(for: ProduceRequest.self) == 9)
        #expect(connection.version(for: JoinGroupRequest.self) == 7)
        #expect(connection.version(for: SyncGroupRequest.self) == 5)
        let metadata = try await connection.request(MetadataRequest(topics: []))
        #expect(!metadata.brokers.isEmpty)
    }

    @Test func createProduceConsumeDelete() async throws {
        guard let client = try Broker.client() else { return }
        let topic = Broker.topic("basic")
        try await client.createTopic(topic, partitions: 2)
        await #expect(throws: KafkaError.self) { try await client.createTopic(topic, partitions: 2) }
        try await client.createTopic(topic, partitions: 2, ignoreExisting: true)
        #expect(try await client.partitions(of: topic) == [0, 1])

        let producer = KafkaProducer(client: client)
        let records = (0..<50).map { i in
            ProducerRecord(key: Array("k\(i)".utf8), value: Array("value-\(i)".utf8),
                           headers: i % 3 == 0 ? [KafkaHeader(key: "h", value: [UInt8(i)])] : [], timestamp: 1_700_000_000_000 + Int64(i))
        }
        try await producer.produce(topic: topic, records)

        let consumer = KafkaConsumer(client: client, config: ConsumerConfig(maxWaitMs: 100))
        await consumer.assign([TopicPartition(topic, 0): .earliest, TopicPartition(topic, 1): .earliest])
        let got = try await Broker.consume(consumer, count: 50)
        var seen: [String: KafkaRecord] = [:]
        for (tp, recs) in got {
            #expect(recs.map(\.offset) == Array(0..<Int64(recs.count)), "\(tp) offsets are dense")
            for r in recs {
                let key = String(decoding: r.key ?? [], as: UTF8.self)
                #expect(Murmur2.partition(forKey: Array(key.utf8), partitionCount: 2) == tp.partition)
                seen[key] = r
            }
        }
        #expect(seen.count == 50)
        for (i, want) in records.enumerated() {
            let r = try #require(seen["k\(i)"])
            #expect(r.value.map(Array.init) == want.value)
            #expect(r.headers == want.headers)
            #expect(r.timestamp == want.timestamp)
        }
        try await client.deleteTopics([topic])
        await client.close()
    }

    @Test(arguments: KafkaCompression.allCases)
    func roundTripEveryCodec(codec: KafkaCompression) async throws {
        guard let client = try Broker.client() else { return }
        let topic = Broker.topic("codec-\(codec)")
        try await client.createTopic(topic, partitions: 1)
        let producer = KafkaProducer(client: client, config: ProducerConfig(compression: codec))
        var records: [ProducerRecord] = []
        for i in 0..<200 {
            records.append(ProducerRecord(key: i % 7 == 0 ? nil : Array("key-\(i)".utf8),
                                          value: i % 11 == 0 ? nil : (i % 13 == 0 ? [] : Array(String(repeating: "v\(i)", count: 20).utf8)),
                                          headers: [KafkaHeader(key: "n", value: i % 2 == 0 ? nil : Array("\(i)".utf8))],
                                          timestamp: 1_700_000_000_000 + Int64(i)))
        }
        let offsets = try await producer.produce(topic: topic, partition: 0, records)
        #expect(offsets[TopicPartition(topic, 0)] == 0)
        let consumer = KafkaConsumer(client: client, config: ConsumerConfig(maxWaitMs: 100))
        await consumer.assign(offsets: [TopicPartition(topic, 0): 0])
        let got = try await Broker.consume(consumer, count: 200)[TopicPartition(topic, 0)] ?? []
        #expect(got.count == 200)
        for (i, (r, want)) in zip(got, records).enumerated() {
            #expect(r.offset == Int64(i))
            #expect(r.key.map(Array.init) == want.key)
            #expect(r.value.map(Array.init) == want.value)
            #expect(r.headers == want.headers)
            #expect(r.timestamp == want.timestamp)
        }
        await client.close()
    }
}
