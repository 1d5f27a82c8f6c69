import Foundation
import Ingest
import Testing
import TestSupport

/// Two `lake-ingest run` processes in one consumer group split the partitions between them, both ingest, and
/// together they build exactly the expected tables; SIGTERM stops each with status 0.
@Suite struct ConsumerGroupTests {
    @Test func twoProcessesSplitThePartitions() async throws {
        guard let kafka = try TestServices.kafka() else { return }
        let fx = try await Fixture(kafka: kafka, label: "group")
        let feed = Feed()
        try fx.writeConfig(source: "[source]\nkind = \"inline\"", batchRecords: 20)
        let half = feed.messages.count / 2
        var offsets = try await fx.produce(feed.messages[..<half])

        let logA = fx.dir.path + "/a.log", logB = fx.dir.path + "/b.log"
        let a = try LakeIngestProcess(config: fx.configPath, log: logA)
        #expect(await Wait.forLog(logA, "partitions assigned", moreThan: 0), "\(LakeIngestProcess.tail(logA))")
        let b = try LakeIngestProcess(config: fx.configPath, log: logB)
        // Converged: the latest assignments of the two are disjoint, non-empty and cover all 12 partitions.
        let all = Set(ChangeTopic.allCases.flatMap { t in (0..<fx.partitions).map { "\(fx.topicNames[t] ?? "")-\($0)" } })
        let split = await Wait.until(60) {
            let pa = Self.latestAssignment(logA), pb = Self.latestAssignment(logB)
            return !pa.isEmpty && !pb.isEmpty && pa.isDisjoint(with: pb) && pa.union(pb) == all
        }
        #expect(split, "A: \(Self.latestAssignment(logA).sorted())\nB: \(Self.latestAssignment(logB).sorted())\n\(LakeIngestProcess.tail(logB))")

        offsets += try await fx.produce(feed.messages[half...])
        let state = WarehouseState(warehouse: fx.warehouse, topicNames: fx.topicNames)
        let quarantine = feed.expectedQuarantine(offsets: offsets, topicNames: fx.topicNames)
        let done = await Wait.until(90) { state.differences(expected: feed.expected(), quarantine: quarantine).isEmpty }
        #expect(done, "\(state.differences(expected: feed.expected(), quarantine: quarantine).prefix(20).joined(separator: "\n"))")

        #expect(await a.terminate() == 0, "\(LakeIngestProcess.tail(logA))")
        #expect(await b.terminate() == 0, "\(LakeIngestProcess.tail(logB))")
        // Both members committed batches of the second half, each from its own partitions.
        #expect(!LakeIngestProcess.lines(logA, containing: "batch committed").isEmpty)
        #expect(!LakeIngestProcess.lines(logB, containing: "batch committed").isEmpty, "\(LakeIngestProcess.tail(logB))")
        #expect(state.differences(expected: feed.expected(), quarantine: quarantine, catalog: true).isEmpty)
        await fx.close()
    }

    /// The partitions of the last "partitions assigned" line of a log.
    static func latestAssignment(_ log: String) -> Set<String> {
        guard let line = LakeIngestProcess.lines(log, containing: "partitions assigned").last,
              let start = line.range(of: "partitions=") else { return [] }
        let rest = line[start.upperBound...]
        let list = rest.prefix { $0 != " " }
        return Set(list.split(separator: ",").map(String.init))
    }
}
