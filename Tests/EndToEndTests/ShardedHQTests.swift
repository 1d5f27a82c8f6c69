import Foundation
import Ingest
import PostgresClient
import Testing
import TestSupport

/// HQ's sharded layout through `lake-ingest run --once`: locations and users in a main database, forms (with their
/// blob metadata) and cases split over two form-processing databases (`source.hq.form_databases`). Every table
/// equals the feed's expected state — documents from both shards, enriched from the main database — and a case
/// with a stale older copy in the other shard gets its newest version (copies merged by id, latest
/// `server_modified_on` wins).
@Suite struct ShardedHQTests {
    @Test func formsAndCasesFromTwoShardsMergeByID() async throws {
        guard let kafka = try TestServices.kafka(), let pg = try TestServices.postgres() else { return }
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let schemas = ["main", "p1", "p2"].map { "e2e_shard_\($0)_\(suffix)" }
        let admin = try PGConnection(pg)
        for s in schemas { try admin.execute("CREATE SCHEMA \(s)") }
        defer { for s in schemas { _ = try? admin.execute("DROP SCHEMA \(s) CASCADE") } }
        let main = HQSchema.url(pg, schema: schemas[0])
        let shards = schemas.dropFirst().map { HQSchema.url(pg, schema: $0) }

        let fx = try await Fixture(kafka: kafka, label: "sharded")
        let feed = HQDatabase.feed(domain: "e2e-sharded")
        let blobs = fx.dir.path + "/blobs"
        try HQDatabase.load(feed, main: main, shards: shards, blobRoot: blobs)
        // Both shards hold documents of both topics.
        for url in shards {
            let db = try PGConnection(url)
            let forms = try db.execute("SELECT count(*) FROM form_processor_xforminstancesql").string(row: 0, column: 0)
            let cases = try db.execute("SELECT count(*) FROM form_processor_commcarecasesql").string(row: 0, column: 0)
            #expect((Int(forms ?? "") ?? 0) > 0 && (Int(cases ?? "") ?? 0) > 0, "\(url): \(forms ?? "-") forms, \(cases ?? "-") cases")
        }
        // A stale copy of a case of the first shard, older and with another value, in the second (queried last).
        let expected = feed.expected()
        let stale = try #require(feed.documents.first { doc in
            doc.topic == .cases && Feed.partition(of: doc.id, 2) == 0 && expected.values.contains { $0[doc.id] != nil }
        })
        try HQDatabase.putCase(try PGConnection(shards[1]), id: stale.id, domain: stale.domain, type: stale.subtype, user: "u1",
                               serverModified: stale.serverModified - 1_000_000, properties: #"{"visits": -1}"#)

        let offsets = try await fx.produce(feed.messages[...])
        try fx.writeConfig(source: HQDatabase.sourceConfig(main: main, shards: shards, blobRoot: blobs))
        let service = try LakeIngestProcess(config: fx.configPath, log: fx.log, once: true)
        #expect(await service.waitForExit(within: 180) == 0, "\(LakeIngestProcess.tail(fx.log))")
        let state = WarehouseState(warehouse: fx.warehouse, topicNames: fx.topicNames)
        let diff = state.differences(expected: expected, quarantine: feed.expectedQuarantine(offsets: offsets, topicNames: fx.topicNames),
                                     catalog: true)
        #expect(diff.isEmpty, "\(diff.prefix(20).joined(separator: "\n"))\n\(LakeIngestProcess.tail(fx.log))")
        await fx.close()
    }
}
