import DeltaLog
import Foundation
import Ingest
import Metastore

/// `lake-ingest demo`: the synthetic CommCare feed (DemoFeed) through the ingest loop into `warehouse`, with the
/// embedded catalog; prints the tables it built and the `deltalog` commands to look at them.
struct IngestDemo {
    var warehouse: String

    func run() throws {
        let demo = DemoFeed()
        let feed = try ReplayFeed(jsonl: demo.jsonl)
        var config = IngestConfig()
        config.warehouse = warehouse
        var loop = try IngestLoop(config: config, sources: IngestSources(documents: feed.source, locations: feed.directory,
                                                                         replayMessages: feed.messages))
        let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
        let stats = try loop.process(feed.messages, now: now)
        loop.finishCompactions()
        print("ingested \(stats.messages) messages: \(stats.rowsInserted) inserted, \(stats.rowsUpdated) updated, "
              + "\(stats.rowsDeleted) deleted, \(stats.quarantined) quarantined, \(stats.commits) commits, "
              + "\(stats.alreadyApplied) already applied")
        // List what the catalog holds rather than what the feed meant to create: location tables and anything
        // the loop registered on its own show up too.
        let database = config.catalogDatabase
        var tables: [(name: String, location: String)] = []
        for name in try loop.catalog.tables(in: database) {
            let record = try loop.catalog.table(database, name)
            tables.append((name, record.localPath ?? record.location))
        }
        if !tables.contains(where: { $0.name == QuarantineRecord.tableName }) {
            tables.append((QuarantineRecord.tableName, loop.quarantineLocation))
        }
        for (name, location) in tables {
            let table = DeltaTable(path: location)
            guard let version = try table.latestVersion() else { continue }
            let rows = try table.scan().count()
            print("  \(database).\(name): \(rows) rows, version \(version)  (\(location))")
        }
        print("\nlook at them with:")
        print("  deltalog tables --warehouse \(warehouse) \(database)")
        if let first = tables.first {
            let name = "\(database).\(first.name)"
            print("  deltalog describe --warehouse \(warehouse) \(name)")
            print("  deltalog history --warehouse \(warehouse) \(name)")
            print("  deltalog show --warehouse \(warehouse) \(name) --limit 5")
            print("  deltalog files --warehouse \(warehouse) \(name)")
        }
    }
}
