import Foundation
import Ingest
import Testing
import TestSupport

/// Documents in an HQ-like PostgreSQL (its own throwaway cluster), forms as XML blobs, users and locations for the
/// enrichment; the cluster is stopped while changes keep arriving: the service logs and retries the same batch,
/// and once PostgreSQL is back every table equals the expected state.
@Suite struct PostgresRestartTests {
    @Test func postgresRestartedMidRunLosesNothing() async throws {
        guard let kafka = try TestServices.kafka(), try TestServices.postgres() != nil else { return }
        let cluster = try PostgresCluster()
        let fx = try await Fixture(kafka: kafka, label: "pgrestart")
        let feed = HQDatabase.feed(domain: "e2e-hq")
        let blobs = fx.dir.path + "/blobs"
        try HQDatabase.load(feed, url: cluster.url, blobRoot: blobs)
        try fx.writeConfig(source: HQDatabase.sourceConfig(url: cluster.url, blobRoot: blobs), batchRecords: 20)
        let state = WarehouseState(warehouse: fx.warehouse, topicNames: fx.topicNames)

        let half = feed.messages.count / 2
        var offsets = try await fx.produce(feed.messages[..<half])
        let service = try LakeIngestProcess(config: fx.configPath, log: fx.log)
        let firstHalf = await Wait.until(90) {
            state.differences(expected: feed.expected(upTo: half),
                              quarantine: feed.expectedQuarantine(offsets: offsets, topicNames: fx.topicNames)).isEmpty
        }
        #expect(firstHalf, "\(LakeIngestProcess.tail(fx.log))")

        try cluster.stop()
        let failures = LakeIngestProcess.lines(fx.log, containing: "failed; retrying").count
        offsets += try await fx.produce(feed.messages[half...])
        let retried = await Wait.forLog(fx.log, "failed; retrying", moreThan: failures)
        #expect(retried, "\(LakeIngestProcess.tail(fx.log))")
        try cluster.start()

        let quarantine = feed.expectedQuarantine(offsets: offsets, topicNames: fx.topicNames)
        let done = await Wait.until(120) { state.differences(expected: feed.expected(), quarantine: quarantine).isEmpty }
        #expect(done, "\(state.differences(expected: feed.expected(), quarantine: quarantine).prefix(20).joined(separator: "\n"))\n\(LakeIngestProcess.tail(fx.log))")
        #expect(await service.terminate() == 0, "\(LakeIngestProcess.tail(fx.log))")
        #expect(!LakeIngestProcess.lines(fx.log, containing: "succeeded after retries").isEmpty)
        #expect(state.differences(expected: feed.expected(), quarantine: quarantine, catalog: true).isEmpty)
        await fx.close()
    }
}
