import Foundation
import Kafka

/// The `kafka` suite: consume N messages of about 1 KB from the local broker with SwiftLake's client.
///
/// The topic `lake-bench-<N>` (4 partitions) is filled once and kept, so that the peer consumer
/// (Benchmarks/peers/kafka_confluent.py) reads the identical messages. Needs `SWIFTLAKE_TEST_KAFKA`.
enum KafkaSuite {
    static let partitions: Int32 = 4

    static func topic(_ n: Int) -> String { "lake-bench-\(n)" }

    /// A ChangeMeta-like JSON value padded to about 1 KB, as HQ's change feed carries.
    static func message(_ i: Int) -> [UInt8] {
        var s = "{\"document_id\":\"\(CaseDataset.id(i))\",\"document_type\":\"CommCareCase\",\"document_subtype\":\"person\","
        s += "\"domain\":\"icds-cas\",\"is_deletion\":false,\"data_source_type\":\"sql\",\"data_source_name\":\"commcarehq\","
        s += "\"publish_timestamp\":\"2024-05-01T10:00:00.\(100_000 + i % 900_000)Z\",\"padding\":\""
        let filler = 1_000 - s.utf8.count - 2
        s += String(repeating: "x", count: max(0, filler)) + "\"}"
        return Array(s.utf8)
    }

    static func run(_ context: BenchContext) async throws -> [Figure] {
        guard let bootstrap = ProcessInfo.processInfo.environment["SWIFTLAKE_TEST_KAFKA"] else {
            print("kafka suite skipped: SWIFTLAKE_TEST_KAFKA is not set (scripts/bench starts a broker)")
            return []
        }
        let n = context.dataset.rows
        let topic = topic(n)
        let client = try KafkaClient(bootstrap: bootstrap, clientID: "lake-bench")
        defer { Task { await client.close() } }
        try await client.createTopic(topic, partitions: partitions, ignoreExisting: true)
        let tps = (0..<partitions).map { TopicPartition(topic, $0) }
        try await fill(client, topic: topic, partitions: tps, count: n)

        var bytes = 0
        var cpu: [Double] = []
        let seconds = try await context.harness.measureAsync {
            let cpu0 = Harness.cpuSeconds()
            bytes = try await consumeAll(client, tps, count: n)
            cpu.append(Harness.cpuSeconds() - cpu0)
        }
        let best = seconds.min() ?? 1
        return [Figure(suite: "kafka", workload: "consume \(n) messages", seconds: seconds,
                       extra: ["messages_per_s": Double(n) / best, "mb_per_s": Double(bytes) / 1e6 / best,
                               "cpu_s": cpu.sorted()[cpu.count / 2]])]
    }

    /// Produces messages until the partitions hold `count` in total (a kept topic is reused as is).
    private static func fill(_ client: KafkaClient, topic: String, partitions tps: [TopicPartition], count: Int) async throws {
        let consumer = KafkaConsumer(client: client)
        let ends = try await consumer.endOffsets(tps)
        var have = Int(ends.values.reduce(0, +))
        guard have < count else { return }
        let producer = KafkaProducer(client: client, config: ProducerConfig(acks: 1, compression: .none))
        var batch: [ProducerRecord] = []
        while have < count {
            batch.append(ProducerRecord(key: Array(CaseDataset.id(have).utf8), value: message(have)))
            have += 1
            if batch.count == 5_000 || have == count {
                _ = try await producer.produce(topic: topic, batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        _ = try await producer.flush()
    }

    /// Reads every partition from the start until `count` records arrived; returns the value bytes seen.
    private static func consumeAll(_ client: KafkaClient, _ tps: [TopicPartition], count: Int) async throws -> Int {
        let env = ProcessInfo.processInfo.environment
        // Knobs for comparing fetch strategies (defaults: the consumer's own).
        var config = ConsumerConfig(maxWaitMs: 100, maxRecordsPerPoll: 50_000)
        if let lanes = env["LAKE_BENCH_KAFKA_CONNECTIONS"].flatMap(Int.init) { config.fetchConnectionsPerBroker = lanes }
        if let prefetch = env["LAKE_BENCH_KAFKA_PREFETCH"] { config.prefetch = prefetch != "0" }
        if let maxBytes = env["LAKE_BENCH_KAFKA_MAX_BYTES"].flatMap(Int32.init) { config.maxBytes = maxBytes }
        let consumer = KafkaConsumer(client: client, config: config)
        await consumer.assign(Dictionary(uniqueKeysWithValues: tps.map { ($0, StartPosition.earliest) }))
        var seen = 0
        var bytes = 0
        var idle = 0
        while seen < count {
            let polled = try await consumer.poll()
            var got = 0
            for p in polled {
                got += p.records.count
                for r in p.records { bytes += r.value?.count ?? 0 }
            }
            seen += got
            idle = got == 0 ? idle + 1 : 0
            if idle > 100 { throw BenchError.failed("kafka suite: stalled at \(seen) of \(count) messages") }
        }
        await consumer.unassignAll()
        return bytes
    }
}
