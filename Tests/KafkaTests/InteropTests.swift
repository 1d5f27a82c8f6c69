import Testing
import Foundation
import TestSupport
@testable import Kafka

/// Both directions with confluent-kafka (librdkafka) as the other client, for every codec:
/// what one writes, the other reads byte for byte (keys, values, headers, null vs empty, timestamps).
@Suite struct InteropTests {
    static let count = 300
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Scripts/kafka_interop.py").path

    /// Must match `record(i)` in kafka_interop.py.
    static func record(_ i: Int) -> ProducerRecord {
        let key: [UInt8]? = i % 7 == 0 ? nil : Array("key-\(i)".utf8)
        let value: [UInt8]? = i % 11 == 0 ? nil : (i % 13 == 0 ? [] : Array(String(repeating: "value-\(i)-", count: i % 5 + 1).utf8))
        let headers = i % 2 == 0 ? [KafkaHeader(key: "idx", value: Array("\(i)".utf8)), KafkaHeader(key: "null", value: nil)] : []
        return ProducerRecord(key: key, value: value, headers: headers, timestamp: 1_700_000_000_000 + Int64(i))
    }

    static func python(_ arguments: [String]) async throws -> String {
        let python = ProcessInfo.processInfo.environment["PYTHON"] ?? "python3"
        let outcome = try await Subprocess.run([python, script] + arguments)
        guard outcome.status == 0 else {
            throw KafkaError.invalidArgument("python \(arguments.first ?? "") failed: \(outcome.stderr)")
        }
        return outcome.stdout
    }

    static let librdkafkaCodecs: [(KafkaCompression, String)] = [
        (.none, "none"), (.gzip, "gzip"), (.snappy, "snappy"), (.lz4, "lz4"), (.zstd, "zstd"),
    ]

    @Test(arguments: librdkafkaCodecs)
    func swiftProducesConfluentConsumes(codec: KafkaCompression, name: String) async throws {
        guard let address = try Broker.address(), let client = try Broker.client() else { return }
        let topic = Broker.topic("to-rdkafka-\(name)")
        try await client.createTopic(topic, partitions: 1)
        let producer = KafkaProducer(client: client, config: ProducerConfig(compression: codec))
        try await producer.produce(topic: topic, partition: 0, (0..<Self.count).map(Self.record))
        await client.close()

        let lines = try await Self.python(["consume", address, topic, "\(Self.count)"]).split(separator: "\n")
        #expect(lines.count == Self.count)
        for (i, line) in lines.enumerated() {
            let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            let want = Self.record(i)
            #expect((obj["offset"] as? NSNumber)?.intValue == i)
            #expect((obj["key"] as? String).map(Samples.hex) == want.key, "key \(i)")
            #expect((obj["value"] as? String).map(Samples.hex) == want.value, "value \(i)")
            let headers = (obj["headers"] as? [[Any]] ?? []).map {
                KafkaHeader(key: $0[0] as? String ?? "", value: ($0[1] as? String).map(Samples.hex))
            }
            #expect(headers == want.headers, "headers \(i)")
            #expect((obj["timestamp"] as? NSNumber)?.int64Value == want.timestamp)
        }
    }

    @Test(arguments: librdkafkaCodecs)
    func confluentProducesSwiftConsumes(codec: KafkaCompression, name: String) async throws {
        guard let address = try Broker.address(), let client = try Broker.client() else { return }
        let topic = Broker.topic("from-rdkafka-\(name)")
        try await client.createTopic(topic, partitions: 1)
        _ = try await Self.python(["produce", address, topic, name, "\(Self.count)"])
        let consumer = KafkaConsumer(client: client, config: ConsumerConfig(maxWaitMs: 100))
        await consumer.assign(offsets: [TopicPartition(topic, 0): 0])
        let got = try await Broker.consume(consumer, count: Self.count)[TopicPartition(topic, 0)] ?? []
        #expect(got.count == Self.count)
        for (i, r) in got.enumerated() {
            let want = Self.record(i)
            #expect(r.offset == Int64(i))
            #expect(r.key.map(Array.init) == want.key, "key \(i)")
            #expect(r.value.map(Array.init) == want.value, "value \(i)")
            #expect(r.headers == want.headers, "headers \(i)")
            #expect(r.timestamp == want.timestamp)
        }
        await client.close()
    }
}
