import Columnar
import DeltaLog
import Foundation
import Metastore
import PostgresClient
import TestSupport
import Testing
@testable import Ingest

/// Issue 9 §5: the catalog entry follows schema evolution (a new column, a widened type), in both catalogs; and
/// issue 12: the `[tables]` configuration chooses each new table's data-file format.
@Suite struct IngestCatalogTests {
    /// A fresh PostgreSQL database for a Hive metastore, dropped afterwards; nil under plain `swift test`.
    final class ScratchDatabase {
        let url: String
        private let admin: String
        private let name = "swiftlake_ingest_\(UInt64.random(in: 0...UInt64.max))"

        init?(_ test: String = #function) throws {
            guard let base = try TestServices.postgres(test) else { return nil }
            // The name is digits generated here, never input, so it may be spliced into DDL.
            try PGConnection(base).execute("CREATE DATABASE \(name)")
            admin = base
            var c = URLComponents(string: base)
            c?.path = "/" + name
            url = c?.string ?? base
        }

        deinit { _ = try? PGConnection(admin).execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
    }

    @Test(arguments: ["file", "postgres"])
    func catalogFollowsSchemaEvolution(_ kind: String) throws {
        var scratch: ScratchDatabase?
        if kind == "postgres" {
            scratch = try ScratchDatabase()
            guard scratch != nil else { return }
        }
        var fx = try LoopFixture { c in if let url = scratch?.url { c.metastore = .postgres(url) } }
        var feed = InlineFeed()
        _ = try fx.loop.process([feed.caseSave("c1", modified: 1, [("weight", .int(3))])], now: 1)
        let name = "d1_case_sql_child"
        let before = try fx.loop.catalog.table("commcare", name)
        #expect(before.columns.first { $0.name == "weight" }?.type == .long)
        #expect(before.columns.first { $0.name == "color" } == nil)
        #expect(before.format == .columnar)

        // `weight` turns to text (the column widens to string) and `color` appears: the entry follows.
        let stats = try fx.loop.process([feed.caseSave("c2", modified: 2, [("weight", "3.5 kg"), ("color", "red")])], now: 2)
        #expect(stats.catalogUpdates == 1)
        let after = try fx.loop.catalog.table("commcare", name)
        #expect(after.columns.first { $0.name == "weight" }?.type == .string)
        #expect(after.columns.first { $0.name == "color" }?.type == .string)
        let snapshot = try fx.table(.cases, "child").snapshot()
        #expect(Set(after.columns.map(\.name)) == Set(snapshot.schema.columns.map(\.name)))
        #expect(after.deltaVersion == snapshot.version)
        #expect(try fx.rows(fx.table(.cases, "child"), "weight") == ["c1": .string("3"), "c2": .string("3.5 kg")])

        // A batch that fits the schema leaves the catalog alone.
        let same = try fx.loop.process([feed.caseSave("c3", modified: 3, [("weight", "4 kg")])], now: 3)
        #expect(same.catalogUpdates == 0)
    }

    @Test func catalogEntryIsRepairedWhenALoopFirstTouchesTheTable() throws {
        var fx = try LoopFixture()
        var feed = InlineFeed()
        _ = try fx.loop.process([feed.caseSave("c1", modified: 1, [("weight", .int(3))]), feed.caseSave("a1", type: "adult", modified: 1)], now: 1)
        // As after a crash between a commit and its catalog update: one entry lost, one with stale columns.
        try fx.loop.catalog.dropTable("commcare", "d1_case_sql_adult", purge: false)
        let stale = try fx.loop.catalog.table("commcare", "d1_case_sql_child")
        try fx.loop.catalog.setSchema("commcare", "d1_case_sql_child", columns: stale.columns.filter { $0.name != "weight" },
                                      partitionColumns: stale.partitionColumns)
        // A new loop (a restarted process) repairs both the first time it touches them.
        var restarted = try IngestLoop(config: fx.loop.config, sources: fx.loop.sources)
        let stats = try restarted.process([feed.caseSave("c2", modified: 2), feed.caseSave("a2", type: "adult", modified: 2)], now: 2)
        #expect(stats.catalogUpdates == 2)
        #expect(try restarted.catalog.table("commcare", "d1_case_sql_child").columns.contains { $0.name == "weight" })
        let adult = try fx.table(.cases, "adult").snapshot()
        #expect(Set(try restarted.catalog.table("commcare", "d1_case_sql_adult").columns.map(\.name))
                == Set(adult.schema.columns.map(\.name)))
        let again = try restarted.process([feed.caseSave("c3", modified: 3)], now: 3)
        #expect(again.catalogUpdates == 0)
    }

    @Test func dataFormatPerTableFromTheConfiguration() throws {
        let text = """
        warehouse = "/w"
        [source]
        kind = "inline"
        [kafka]
        bootstrap_servers = ["k:9092"]
        [tables]
        format = "parquet"
        [tables.format_overrides]
        "*_case_sql_adult|*_location" = "native"
        """
        let config = try IngestConfig.parse(text)
        #expect(config.tables.format == .parquet)
        #expect(config.tables.format(forTable: "d1_case_sql_child") == .parquet)
        #expect(config.tables.format(forTable: "d1_case_sql_adult") == .native)
        #expect(config.tables.format(forTable: "D1_LOCATION") == .native)
        #expect(try IngestConfig.parse("[source]\nkind = \"inline\"\n[kafka]\nbootstrap_servers = [\"k:1\"]").tables.format == .native)
        let flag = try #require(ConfigKey.named("tables.format"))
        #expect(flag.environmentVariable == "LAKE_INGEST_TABLES_FORMAT")
        #expect(try IngestConfig.parse("[source]\nkind = \"inline\"\n[kafka]\nbootstrap_servers = [\"k:1\"]", overrides: [ConfigOverride(flag, "parquet")])
            .tables.format == .parquet)
        #expect(throws: ConfigError.invalid([ConfigProblem("tables.format", "\"orc\" is not native or parquet"),
                                             ConfigProblem("tables.format_overrides.x", "\"csv\" is not native or parquet")])) {
            try IngestConfig.parse("[source]\nkind = \"inline\"\n[kafka]\nbootstrap_servers = [\"k:1\"]\n[tables]\nformat = \"orc\"\n[tables.format_overrides]\nx = \"csv\"")
        }

        var fx = try LoopFixture { c in
            c.tables.format = .parquet
            c.tables.formatOverrides = [("*_adult", .native)]
        }
        var feed = InlineFeed()
        _ = try fx.loop.process([feed.caseSave("c1", modified: 1), feed.caseSave("a1", type: "adult", modified: 1)], now: 1)
        let child = try fx.table(.cases, "child").snapshot()
        let adult = try fx.table(.cases, "adult").snapshot()
        #expect(child.metadata.formatProvider == "parquet" && child.files.allSatisfy { $0.path.hasSuffix(".parquet") })
        #expect(adult.metadata.formatProvider == "swiftlake" && !adult.files.contains { $0.path.hasSuffix(".parquet") })
        #expect(try fx.loop.catalog.table("commcare", "d1_case_sql_child").format == .parquet)
        #expect(try fx.loop.catalog.table("commcare", "d1_case_sql_adult").format == .columnar)
        // The Parquet table takes MERGEs and deletes like the native one.
        _ = try fx.loop.process([feed.caseSave("c1", modified: 2, [("note", "x")]), feed.caseSave("c2", modified: 2),
                                 feed.deletion("a1")], now: 2)
        #expect(try fx.rows(fx.table(.cases, "child"), "note") == ["c1": .string("x"), "c2": .null])
        #expect(try fx.rows(fx.table(.cases, "adult")).isEmpty)
    }
}
