import DeltaLog
import Foundation
import Ingest

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
        print("ingested \(stats.messages) messages: \(stats.rowsInserted) inserted, \(stats.rowsUpdated) updated, "
              + "\(stats.rowsDeleted) deleted, \(stats.quarantined) quarantined, \(stats.commits) commits, "
              + "\(stats.alreadyApplied) already applied")
        var locations = demo.summary.tables.sorted().map { ($0.tableName, $0.location(warehouse: warehouse)) }
        locations.append((QuarantineRecord.tableName, loop.quarantineLocation))
        for (name, location) in locations {
            let table = DeltaTable(path: location)
            guard let version = try table.latestVersion() else { continue }
            let rows = try table.scan().count()
            print("  \(config.catalogDatabase).\(name): \(rows) rows, version \(version)  (\(location))")
        }
        print("\nlook at them with:")
        print("  deltalog tables --warehouse \(warehouse) \(config.catalogDatabase)")
        if let (name, location) = locations.first {
            print("  deltalog inspect-file <a data file under \(location)>    # \(name); its log: \(location)/_delta_log")
        }
    }
}
