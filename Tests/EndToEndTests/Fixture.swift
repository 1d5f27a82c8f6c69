import Foundation
import Ingest
import Kafka
import TestSupport

/// One test's world: its own topics and consumer group on the test broker, a warehouse in a temporary directory,
/// a configuration file for `lake-ingest run`, and the log of every run.
final class Fixture {
    let dir: TemporaryDirectory
    let kafka: String
    let group: String
    let topicNames: [ChangeTopic: String]
    let partitions: Int32
    private let client: KafkaClient

    var warehouse: String { dir.path + "/warehouse" }
    var log: String { dir.path + "/lake-ingest.log" }
    var configPath: String { dir.path + "/lake-ingest.toml" }

    /// Creates the three topics with `partitions` partitions each.
    init(kafka: String, label: String, partitions: Int32 = 4) async throws {
        dir = try TemporaryDirectory("e2e-\(label)")
        self.kafka = kafka
        self.partitions = partitions
        let suffix = "\(label)-\(UUID().uuidString.prefix(8).lowercased())"
        group = "e2e-group-\(suffix)"
        var names: [ChangeTopic: String] = [:]
        for t in ChangeTopic.allCases { names[t] = "e2e-\(suffix)-\(t.rawValue)" }
        topicNames = names
        client = try KafkaClient(bootstrap: kafka, clientID: "e2e-producer")
        for t in ChangeTopic.allCases {
            try await client.createTopic(names[t] ?? "", partitions: partitions)
        }
    }

    /// Writes the configuration: the test broker, this fixture's topics and group, short session timeout (the test
    /// broker holds each join for half of it), small batches so work spreads over many commits.
    func writeConfig(source: String, batchRecords: Int = 25, batchWaitMs: Int = 200, to path: String? = nil) throws {
        let names = ChangeTopic.allCases.map { "\"\($0.rawValue)\" = \"\(topicNames[$0] ?? "")\"" }.joined(separator: "\n")
        let text = """
            warehouse = "\(warehouse)"
            progress_interval_seconds = 1

            [kafka]
            bootstrap_servers = ["\(kafka)"]
            consumer_group = "\(group)"
            session_timeout_ms = 2000

            [kafka.topic_names]
            \(names)

            [batch]
            max_records = \(batchRecords)
            max_wait_ms = \(batchWaitMs)

            \(source)
            """
        try text.write(toFile: path ?? configPath, atomically: true, encoding: .utf8)
    }

    /// Produces `messages` with this library's producer, partition by partition in order; returns each message's
    /// offset (aligned with `messages`).
    func produce(_ messages: ArraySlice<Feed.Message>) async throws -> [Int64] {
        let producer = KafkaProducer(client: client)
        var byPartition: [TopicPartition: [Int]] = [:]
        for (n, m) in zip(messages.indices, messages) {
            byPartition[TopicPartition(topicNames[m.topic] ?? "", m.partition), default: []].append(n)
        }
        var offsets = [Int64](repeating: -1, count: messages.count)
        for (tp, indices) in byPartition.sorted(by: { $0.key < $1.key }) {
            let records = indices.map { ProducerRecord(key: messages[$0].key, value: messages[$0].value) }
            let base = try await producer.produce(topic: tp.topic, partition: tp.partition, records)
            guard let first = base[tp], first >= 0 else { throw E2EError.setup("no base offset for \(tp)") }
            for (k, n) in indices.enumerated() { offsets[n - messages.startIndex] = first + Int64(k) }
        }
        return offsets
    }

    /// Produces with confluent-kafka (librdkafka) through python3; returns each message's offset.
    func produceWithConfluent(_ messages: [Feed.Message]) throws -> [Int64] {
        let input = dir.path + "/confluent-input.jsonl"
        var lines = ""
        for m in messages {
            let key = m.key.map { "\"\(Self.hex($0))\"" } ?? "null"
            let value = m.value.map { "\"\(Self.hex($0))\"" } ?? "null"
            lines += "{\"topic\": \"\(topicNames[m.topic] ?? "")\", \"partition\": \(m.partition), \"key\": \(key), \"value\": \(value)}\n"
        }
        try lines.write(toFile: input, atomically: true, encoding: .utf8)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts/produce.py").path
        let out = try Self.runTool(ProcessInfo.processInfo.environment["PYTHON"] ?? "python3", [script, kafka, input])
        let offsets = out.split(separator: "\n").compactMap { Int64($0) }
        guard offsets.count == messages.count else { throw E2EError.setup("confluent producer reported \(offsets.count) offsets") }
        return offsets
    }

    /// Keeps a copy of this test's directory (warehouse, logs, config) for a post-mortem; returns its path.
    @discardableResult
    func keepForInspection() -> String {
        let target = (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp") + "/swiftlake-e2e-failed/"
            + URL(fileURLWithPath: dir.path).lastPathComponent
        try? FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: target)
        try? FileManager.default.copyItem(atPath: dir.path, toPath: target)
        return target
    }

    func close() async {
        try? await client.deleteTopics(Array(topicNames.values))
        await client.close()
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// Runs a tool found on PATH; its stdout, or an error with its stderr.
    @discardableResult
    static func runTool(_ tool: String, _ arguments: [String], environment: [String: String]? = nil) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool.hasPrefix("/") ? tool : "/usr/bin/env")
        p.arguments = tool.hasPrefix("/") ? arguments : [tool] + arguments
        if let environment { p.environment = environment }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw E2EError.setup("\(tool) \(arguments.first ?? "") failed (\(p.terminationStatus)): \(String(decoding: errData, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
