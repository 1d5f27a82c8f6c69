import Foundation
import Ingest
import Testing
import TestSupport

/// `kill -9` of the real `lake-ingest run` at random moments, again and again, while the feed keeps arriving;
/// after a final drain every table equals the expected state: nothing lost, nothing applied twice.
@Suite struct CrashRestartTests {
    @Test func killNineAtRandomMomentsLosesAndDuplicatesNothing() async throws {
        guard let kafka = try TestServices.kafka() else { return }
        let fx = try await Fixture(kafka: kafka, label: "kill9")
        var options = Feed.Options()
        options.casesPerType = 20
        options.formsPerXmlns = 12
        let feed = Feed(options)
        // Small batches: many commits per second, so kills land between a batch's table commits.
        try fx.writeConfig(source: "[source]\nkind = \"inline\"", batchRecords: 8, batchWaitMs: 100)

        let rounds = 24
        let slices = Self.slices(feed.messages.count, into: rounds - 4)
        var rng = SeededGenerator(seed: 0x9_C4A5_11)
        var offsets: [Int64] = []
        var killedWhileWorking = 0
        for round in 0..<rounds {
            if round < slices.count { offsets += try await fx.produce(feed.messages[slices[round]]) }
            let joins = LakeIngestProcess.lines(fx.log, containing: "partitions assigned").count
            let commits = LakeIngestProcess.lines(fx.log, containing: "batch committed").count
            let process = try LakeIngestProcess(config: fx.configPath, log: fx.log)
            if round % 4 == 3 {
                // Sometimes before or during the group join.
                try await Task.sleep(for: .milliseconds(Int.random(in: 50...900, using: &rng)))
            } else {
                // Otherwise at a random moment after the assignment, while batches are being committed.
                let joined = await Wait.forLog(fx.log, "partitions assigned", moreThan: joins)
                #expect(joined, "round \(round): no assignment\n\(LakeIngestProcess.tail(fx.log))")
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...700, using: &rng)))
            }
            #expect(process.process.isRunning, "round \(round): exited by itself\n\(LakeIngestProcess.tail(fx.log))")
            process.kill9()
            if LakeIngestProcess.lines(fx.log, containing: "batch committed").count > commits { killedWhileWorking += 1 }
        }
        print("CrashRestartTests: \(rounds) kill -9, \(killedWhileWorking) of them after the round had committed batches")

        let final = try LakeIngestProcess(config: fx.configPath, log: fx.log, once: true)
        #expect(await final.waitForExit(within: 180) == 0, "\(LakeIngestProcess.tail(fx.log))")
        let state = WarehouseState(warehouse: fx.warehouse, topicNames: fx.topicNames)
        let diff = state.differences(expected: feed.expected(),
                                     quarantine: feed.expectedQuarantine(offsets: offsets, topicNames: fx.topicNames))
        #expect(diff.isEmpty, "\(diff.prefix(30).joined(separator: "\n"))\n\(LakeIngestProcess.tail(fx.log, lines: 60))")
        await fx.close()
    }

    /// `count` indices cut into `parts` consecutive ranges.
    static func slices(_ count: Int, into parts: Int) -> [Range<Int>] {
        (0..<parts).map { i in (count * i / parts)..<(count * (i + 1) / parts) }
    }
}
