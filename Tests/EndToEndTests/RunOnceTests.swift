import DeltaLog
import Foundation
import Ingest
import Testing
import TestSupport

/// `lake-ingest run --once` as a real process against the test broker: the whole feed lands in the tables exactly
/// as expected, whoever produced it, and a second run changes nothing.
@Suite struct RunOnceTests {
    @Test func inlineFeedDrainsIntoExactTables() async throws {
        guard let kafka = try TestServices.kafka() else { return }
        let fx = try await Fixture(kafka: kafka, label: "once")
        let feed = Feed()
        let offsets = try await fx.produce(feed.messages[...])
        try fx.writeConfig(source: "[source]\nkind = \"inline\"")
        let state = WarehouseState(warehouse: fx.warehouse, topicNames: fx.topicNames)
        let quarantine = feed.expectedQuarantine(offsets: offsets, topicNames: fx.topicNames)
        #expect(quarantine.count == 8)

        let first = try LakeIngestProcess(config: fx.configPath, log: fx.log, once: true)
        #expect(await first.waitForExit(within: 120) == 0, "\(LakeIngestProcess.tail(fx.log))")
        let diff = state.differences(expected: feed.expected(), quarantine: quarantine, catalog: true)
        #expect(diff.isEmpty, "\(diff.prefix(20).joined(separator: "\n"))\n\(LakeIngestProcess.tail(fx.log))\nkept: \(diff.isEmpty ? "" : fx.keepForInspection())")

        // Everything is already applied: a second drain commits nothing and leaves every table as it was.
        let tables = feed.expected().keys.map { $0.location(warehouse: fx.warehouse) }
            + [fx.warehouse + "/" + QuarantineRecord.tableName]
        let versions = try tables.map { try DeltaTable(path: $0).latestVersion() }
        let second = try LakeIngestProcess(config: fx.configPath, log: fx.log, once: true)
        #expect(await second.waitForExit(within: 120) == 0, "\(LakeIngestProcess.tail(fx.log))")
        #expect(try tables.map { try DeltaTable(path: $0).latestVersion() } == versions)
        #expect(state.differences(expected: feed.expected(), quarantine: quarantine).isEmpty)
        let resumed = LakeIngestProcess.lines(fx.log, containing: "partitions assigned").last ?? ""
        #expect(resumed.contains("(warehouse)"), "\(resumed)")
        await fx.close()
    }

    @Test func feedProducedByConfluentKafka() async throws {
        guard let kafka = try TestServices.kafka() else { return }
        let fx = try await Fixture(kafka: kafka, label: "rdkafka")
        var options = Feed.Options()
        options.domains = ["e2e-rdkafka"]
        let feed = Feed(options)
        let offsets = try fx.produceWithConfluent(feed.messages)
        try fx.writeConfig(source: "[source]\nkind = \"inline\"", batchRecords: 500)
        let run = try LakeIngestProcess(config: fx.configPath, log: fx.log, once: true)
        #expect(await run.waitForExit(within: 120) == 0, "\(LakeIngestProcess.tail(fx.log))")
        let state = WarehouseState(warehouse: fx.warehouse, topicNames: fx.topicNames)
        let diff = state.differences(expected: feed.expected(), quarantine: feed.expectedQuarantine(offsets: offsets, topicNames: fx.topicNames),
                                     catalog: true)
        #expect(diff.isEmpty, "\(diff.prefix(20).joined(separator: "\n"))\n\(LakeIngestProcess.tail(fx.log))")
        await fx.close()
    }

    /// `--once` drains to the log ends taken when it started, through rebalances. A first member (a plain `run`
    /// whose document source is down, so it holds its partitions without getting anywhere) owns every partition
    /// when the draining process joins. The stuck member must give up its failing batch and rejoin rather than
    /// stall the group; the draining process finishes its own half, then must wait, not exit; once the stuck member
    /// leaves it gets those partitions, drains them to the same ends and exits, and the tables are complete.
    /// Every step waits on an observable state, so the order of events does not depend on timing.
    @Test func drainWaitsForPartitionsHeldElsewhere() async throws {
        guard let kafka = try TestServices.kafka() else { return }
        let fx = try await Fixture(kafka: kafka, label: "oncerebalance")
        let feed = Feed()
        let offsets = try await fx.produce(feed.messages[...])
        try fx.writeConfig(source: "[source]\nkind = \"inline\"", batchRecords: 5, batchWaitMs: 100)
        let stuck = fx.dir.path + "/stuck.toml"
        try fx.writeConfig(source: HQDatabase.sourceConfig(url: "postgresql://nobody@127.0.0.1:1/none", blobRoot: fx.dir.path),
                           batchRecords: 5, batchWaitMs: 100, to: stuck)
        let logA = fx.dir.path + "/a.log", logB = fx.dir.path + "/b.log"
        let b = try LakeIngestProcess(config: stuck, log: logB)
        #expect(await Wait.forLog(logB, "partitions assigned", moreThan: 0), "\(LakeIngestProcess.tail(logB))")
        #expect(await Wait.forLog(logB, "failed; retrying", moreThan: 0), "\(LakeIngestProcess.tail(logB))")
        let a = try LakeIngestProcess(config: fx.configPath, log: logA, once: true)
        #expect(await Wait.forLog(logB, "giving up the uncommitted batch", moreThan: 0, seconds: 90), "\(LakeIngestProcess.tail(logB))")
        #expect(await Wait.forLog(logB, "partitions assigned", moreThan: 1, seconds: 90), "\(LakeIngestProcess.tail(logB))")
        #expect(await Wait.forLog(logA, "waiting for the members holding the others", moreThan: 0, seconds: 90),
                "\(LakeIngestProcess.tail(logA))")
        #expect(a.process.isRunning, "the drain stopped while another member held undrained partitions\n\(LakeIngestProcess.tail(logA))")
        #expect(await b.terminate() == 0, "\(LakeIngestProcess.tail(logB))")
        #expect(await a.waitForExit(within: 180) == 0, "\(LakeIngestProcess.tail(logA))")

        #expect(LakeIngestProcess.lines(logA, containing: "drained every assigned partition").count == 1)
        #expect(LakeIngestProcess.lines(logA, containing: "partitions assigned").count >= 2, "\(LakeIngestProcess.tail(logA))")
        #expect(LakeIngestProcess.lines(logB, containing: "batch committed").isEmpty, "\(LakeIngestProcess.tail(logB))")
        let state = WarehouseState(warehouse: fx.warehouse, topicNames: fx.topicNames)
        let diff = state.differences(expected: feed.expected(), quarantine: feed.expectedQuarantine(offsets: offsets, topicNames: fx.topicNames))
        #expect(diff.isEmpty, "\(diff.prefix(20).joined(separator: "\n"))\n\(LakeIngestProcess.tail(logA, lines: 60))")
        await fx.close()
    }
}
