import Foundation
import Ingest
import Testing
import TestSupport

/// The broker is SIGKILLed while `lake-ingest run` drains a backlog and comes back later on the same port (a broker
/// of this test's own whose s3 storage keeps the log, scripts/kafka-s3.sh): the service says it retries with
/// backoff, does not exit, and once the broker is back every table equals the expected state — nothing lost,
/// nothing applied twice. The broker and its moto are stopped on every exit path (and by the script's watcher if
/// this process dies first).
@Suite struct KafkaOutageTests {
    @Test func brokerKilledAndRestartedLosesNothing() async throws {
        guard let broker = try await S3Broker.start() else { return }
        defer { broker.stop() }
        let fx = try await Fixture(kafka: broker.address, label: "kafkadown")
        var options = Feed.Options()
        options.domains = ["e2e-outage"]
        let feed = Feed(options)
        try fx.writeConfig(source: "[source]\nkind = \"inline\"", batchRecords: 5, batchWaitMs: 100)
        let cut = feed.messages.count * 2 / 3
        var offsets = try await fx.produce(feed.messages[..<cut])

        let service = try LakeIngestProcess(config: fx.configPath, log: fx.log)
        #expect(await Wait.forLog(fx.log, "batch committed", moreThan: 2), "\(LakeIngestProcess.tail(fx.log))")
        let retriesBefore = Self.retryLines(fx.log)
        try await broker.kill()
        let retrying = await Wait.until(60) { Self.retryLines(fx.log) >= retriesBefore + 3 }
        #expect(retrying, "no retries logged while the broker was down\n\(LakeIngestProcess.tail(fx.log))")
        #expect(service.process.isRunning, "lake-ingest exited while the broker was down\n\(LakeIngestProcess.tail(fx.log))")
        try await broker.restart()

        offsets += try await fx.produce(feed.messages[cut...])
        let state = WarehouseState(warehouse: fx.warehouse, topicNames: fx.topicNames)
        let quarantine = feed.expectedQuarantine(offsets: offsets, topicNames: fx.topicNames)
        let done = await Wait.until(120) { state.differences(expected: feed.expected(), quarantine: quarantine).isEmpty }
        #expect(done, "\(state.differences(expected: feed.expected(), quarantine: quarantine).prefix(20).joined(separator: "\n"))\n\(LakeIngestProcess.tail(fx.log, lines: 80))")
        #expect(service.process.isRunning)
        #expect(await service.terminate() == 0, "\(LakeIngestProcess.tail(fx.log))")
        #expect(state.differences(expected: feed.expected(), quarantine: quarantine, catalog: true).isEmpty)
        await fx.close()
    }

    /// Log lines of the service saying that a Kafka call failed and will be retried after a backoff.
    static func retryLines(_ log: String) -> Int {
        LakeIngestProcess.lines(log, containing: "failed; retrying").filter { $0.contains("retry_in_ms") }.count
    }
}
