import DeltaLog
import Foundation
import Ingest
import Kafka
import TestSupport
import Testing
@testable import lake_bench

/// The `ingest` suite at tiny size: the feed is deterministic and valid, and driving it through Kafka and the
/// ingest loop yields exactly the expected tables.
@Suite struct IngestSuiteTests {
    @Test func feedIsDeterministicAndValid() throws {
        let ds = CaseDataset(rows: 300)
        var kinds: [IngestFeed.Kind: Int] = [:]
        for i in 0..<300 {
            let m = IngestFeed.message(i, ds)
            #expect(m.value == IngestFeed.message(i, ds).value)
            let meta = try ChangeMeta.decode(m.value)
            let (kind, row) = IngestFeed.kind(i)
            kinds[kind, default: 0] += 1
            #expect(meta.documentID == ds.row(row).id && m.key == Array(meta.documentID.utf8))
            #expect(meta.isDeletion == (kind == .delete) && (meta.inlineDocument == nil) == (kind == .delete))
            #expect(meta.documentSubtype == (kind == .delete ? nil : ds.row(row).type))
        }
        #expect(kinds == [.create: 240, .update: 57, .delete: 3])  // 99, 199, 299 are deletions, not updates
        let expected = IngestFeed.expectedIDs(300, ds)
        // Rows 33, 66, 99 are deleted by messages 99, 199, 299 and never updated afterwards; row 4 is never created
        // but updated by message 9, which creates it; row 0 is created.
        func present(_ row: Int) -> Bool { expected[ds.row(row).type]?.contains(ds.row(row).id) == true }
        #expect(!present(33) && !present(66) && !present(99) && present(4) && present(0))
    }

    @Test func ingestSuiteAtTinySize() async throws {
        guard let bootstrap = try TestServices.kafka() else { return }
        let ds = CaseDataset(rows: 300)
        let dir = NSTemporaryDirectory() + "/lake-bench-ingest-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }

        let client = try KafkaClient(bootstrap: bootstrap, clientID: "lake-bench-test")
        let tps = (0..<IngestSuite.partitions).map { TopicPartition(IngestSuite.topic(300), $0) }
        try await client.createTopic(IngestSuite.topic(300), partitions: IngestSuite.partitions, ignoreExisting: true)
        try await IngestSuite.fill(client, partitions: tps, count: 300, dataset: ds)
        let r = try await IngestSuite.ingest(client, tps, count: 300, batch: 40, warehouse: dir + "/w")
        await client.close()
        #expect(r.latencies.count >= 8 && r.commits > 0)
        for (type, ids) in IngestFeed.expectedIDs(300, ds) {
            let table = DeltaTable(path: TableIdentity(domain: IngestFeed.domain, topic: .cases, subtype: type).location(warehouse: dir + "/w"))
            let rows = try table.scan(columns: ["_id"]).rows()
            #expect(Set(rows.compactMap { if case .string(let s)? = $0["_id"] { s } else { nil } }) == ids, "\(type)")
            #expect(rows.count == ids.count)
        }

        let ctx = BenchContext(dataset: ds, harness: Harness(runs: 1, warmup: false), workDir: dir)
        let figures = try await IngestSuite.run(ctx, batchSizes: [100])
        #expect(figures.map(\.workload) == ["ingest 300 records, 100-record batches"])
        #expect((figures.first?.extra["records_per_s"] ?? 0) > 0 && figures.first?.extra["batches"] == 3)
    }
}
