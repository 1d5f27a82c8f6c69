import Foundation
import Kafka
import Testing
import TestSupport
@testable import Ingest

/// The demo feed through the real test broker: produced to (renamed) HQ topics, consumed, routed and prepared.
@Suite struct KafkaFeedTests {
    @Test func demoFeedThroughTheBroker() async throws {
        guard let address = try TestServices.kafka() else { return }
        let client = try KafkaClient(bootstrap: address, clientID: "swiftlake-ingest-test")
        let suffix = UUID().uuidString.prefix(8).lowercased()
        var names: [ChangeTopic: String] = [:]
        for t in ChangeTopic.allCases {
            let name = "\(t.rawValue)-\(suffix)"
            names[t] = name
            try await client.createTopic(name, partitions: 3)
        }

        var options = DemoFeed.Options()
        options.domains = ["inp-dashboard", "mch-pilot"]
        options.casesPerDomain = 8
        options.formsPerDomain = 6
        let demo = DemoFeed(options)
        let feed = try ReplayFeed(jsonl: demo.jsonl)

        // Produce each replay partition, in order, to the same partition of the renamed topic.
        let producer = KafkaProducer(client: client)
        var byPartition: [TopicPartition: [ProducerRecord]] = [:]
        for m in feed.messages {
            let topic = try #require(ChangeTopic(rawValue: m.topic).flatMap { names[$0] })
            byPartition[TopicPartition(topic, m.partition), default: []].append(ProducerRecord(key: m.key, value: m.value))
        }
        for (tp, records) in byPartition.sorted(by: { $0.key < $1.key }) {
            _ = try await producer.produce(topic: tp.topic, partition: tp.partition, records)
        }

        let consumer = KafkaConsumer(client: client, config: ConsumerConfig(maxWaitMs: 100))
        await consumer.assign(Dictionary(uniqueKeysWithValues: byPartition.keys.map { ($0, StartPosition.earliest) }))
        var messages: [IncomingMessage] = []
        var emptyPolls = 0
        while messages.count < feed.messages.count, emptyPolls < 50 {
            let polled = IncomingMessage.messages(from: try await consumer.poll())
            emptyPolls = polled.isEmpty ? emptyPolls + 1 : 0
            messages += polled
        }
        #expect(messages.count == feed.messages.count)

        // Same keys, values and per-partition offsets as the replay feed, once topics are mapped back.
        var config = IngestConfig()
        config.kafka.topicNames = names
        let router = BatchRouter(config: config)
        func key(_ m: IncomingMessage, _ topic: String) -> String { "\(topic)/\(m.partition)/\(m.offset)" }
        let fromKafka = Dictionary(uniqueKeysWithValues: messages.map { m in (key(m, router.topics[m.topic]?.rawValue ?? "?"), m) })
        for m in feed.messages {
            let got = fromKafka[key(m, m.topic)]
            #expect(got?.value == m.value && got?.key == m.key)
        }

        let plan = router.route(messages, now: 0)
        #expect(plan.quarantined.isEmpty && plan.messageCount == messages.count)
        #expect(Set(plan.upserts.map(\.key)) == demo.summary.tables)
        var source = feed.source
        var directory = feed.directory
        var pipeline = TransformPipeline(config: config)
        var records = 0
        for group in plan.upserts {
            let prepared = try BatchPreparer.prepare(group, source: &source, pipeline: &pipeline, directory: &directory, now: 0)
            records += prepared.records.count
            for (tp, next) in prepared.nextOffsets { #expect(tp.topic == names[group.key.topic] && next > 0) }
        }
        #expect(records > 0)
        try await client.deleteTopics(Array(names.values))
        await client.close()
    }
}
