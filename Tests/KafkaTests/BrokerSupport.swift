import Foundation
import TestSupport
@testable import Kafka

/// Shared set-up for tests against the real broker from scripts/test.
enum Broker {
    /// A client for the test broker, or nil when the service is absent (plain `swift test`).
    static func client(_ test: String = #function) throws -> KafkaClient? {
        guard let address = try TestServices.kafka(test) else { return nil }
        return try KafkaClient(bootstrap: address, clientID: "swiftlake-test")
    }

    static func address(_ test: String = #function) throws -> String? {
        try TestServices.kafka(test)
    }

    /// A fresh topic name.
    static func topic(_ label: String) -> String {
        "\(label)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Polls until `count` records arrived or `maxPolls` polls returned nothing new.
    static func consume(_ consumer: KafkaConsumer, count: Int, maxEmptyPolls: Int = 20) async throws -> [TopicPartition: [KafkaRecord]] {
        var out: [TopicPartition: [KafkaRecord]] = [:]
        var total = 0
        var empty = 0
        while total < count && empty < maxEmptyPolls {
            let batch = try await consumer.poll()
            let n = batch.reduce(0) { $0 + $1.records.count }
            empty = n == 0 ? empty + 1 : 0
            total += n
            for p in batch { out[p.topicPartition, default: []] += p.records }
        }
        return out
    }
}
