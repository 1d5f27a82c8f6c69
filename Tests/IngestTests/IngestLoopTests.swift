import Columnar
import DeltaLog
import Foundation
import Metastore
import Testing
@testable import Ingest

@Suite struct IngestLoopTests {
    @Test func demoFeedLandsInCatalogedTablesExactlyOnce() throws {
        var options = DemoFeed.Options()
        options.casesPerDomain = 12
        options.formsPerDomain = 10
        let demo = DemoFeed(options)
        let feed = try ReplayFeed(jsonl: demo.jsonl)
        let warehouse = FileManager.default.temporaryDirectory.path + "/ingest-loop-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: warehouse) }
        var config = IngestConfig()
        config.warehouse = warehouse
        var loop = try IngestLoop(config: config, sources: IngestSources(documents: feed.source, locations: feed.directory,
                                                                         replayMessages: feed.messages))

        // Expected state, computed without the loop: per table the prepared records, minus removed ids.
        let plan = BatchRouter().route(feed.messages, now: 0)
        var removed: Set<String> = []
        for g in plan.removals { removed.formUnion(g.documentIDs) }
        var source = feed.source
        var directory = feed.directory
        var pipeline = TransformPipeline()
        var expected: [TableIdentity: [String: FlatRecord]] = [:]
        var missing = 0
        for group in plan.upserts {
            let p = try BatchPreparer.prepare(group, source: &source, pipeline: &pipeline, directory: &directory, now: 0)
            missing += p.quarantined.count
            for r in p.records {
                guard case .string(let id)? = r["_id"], !removed.contains(id) else { continue }
                expected[group.key, default: [:]][id] = r
            }
        }
        #expect(missing > 0 && !removed.isEmpty)

        let first = try loop.process(feed.messages, now: 1)
        #expect(first.messages == feed.messages.count)
        #expect(first.quarantined == missing)
        // Every deletion and archive in the feed follows the save in the same batch: those saves never reach a table.
        #expect(first.rowsDeleted == 0)
        #expect(first.alreadyApplied == 0)

        let catalog = try FileMetastore(warehouse: warehouse)
        let names = Set(try catalog.tables(in: "commcare", matching: "*"))
        let locationTables = options.domains.map { TableIdentity(domain: $0, topic: .locations, subtype: nil).tableName }
        #expect(names == Set(demo.summary.tables.map(\.tableName)).union([QuarantineRecord.tableName]).union(locationTables))
        #expect(first.tablesCreated == names.count)

        var versions: [String: Int64] = [:]
        for (identity, rows) in expected {
            let record = try catalog.table("commcare", identity.tableName)
            #expect(record.location.hasSuffix(identity.location(warehouse: warehouse)))
            let table = DeltaTable(path: identity.location(warehouse: warehouse))
            versions[identity.tableName] = try table.latestVersion()
            let got = try table.scan(columns: ["_id", "server_modified_on"]).rows()
            #expect(got.count == rows.count, "\(identity.tableName)")
            for row in got {
                guard case .string(let id)? = row["_id"], let want = rows[id] else {
                    Issue.record("unexpected row \(row) in \(identity.tableName)"); continue
                }
                if case .timestamp(let t)? = want["server_modified_on"] {
                    #expect(row["server_modified_on"] == .timestamp(t), "\(identity.tableName) \(id)")
                }
            }
        }
        let quarantine = DeltaTable(path: loop.quarantineLocation)
        #expect(try quarantine.scan().count() == missing)
        versions[QuarantineRecord.tableName] = try quarantine.latestVersion()

        // Redelivery of the whole batch: every message is already applied, no table gets a new version.
        let again = try loop.process(feed.messages, now: 2)
        #expect(again.commits == 0 && again.rowsInserted == 0 && again.rowsUpdated == 0 && again.rowsDeleted == 0)
        #expect(again.quarantined == 0)
        for (name, v) in versions {
            let location = name == QuarantineRecord.tableName ? loop.quarantineLocation
                : try #require(expected.keys.first { $0.tableName == name }).location(warehouse: warehouse)
            #expect(try DeltaTable(path: location).latestVersion() == v, "\(name)")
        }
        #expect(try quarantine.scan().count() == missing)
    }
}
