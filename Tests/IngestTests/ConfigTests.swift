import Foundation
import Testing
import TestSupport
@testable import Ingest

@Suite struct ConfigTests {
    static let examplePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../config/lake-ingest.example.toml").standardized.path

    @Test func annotatedExampleParses() throws {
        let text = try String(contentsOfFile: Self.examplePath, encoding: .utf8)
        let c = try IngestConfig.parse(text)
        #expect(c.kafka.bootstrapServers == ["localhost:9092"])
        #expect(c.kafka.topics == [.forms, .cases, .locations])
        #expect(c.batch.maxRecords == 500 && c.batch.maxWaitMilliseconds == 1000)
        #expect(c.metastore == .embedded)
        guard case .hq(let hq) = c.source else { Issue.record("expected hq"); return }
        #expect(hq.shardDatabases.count == 2 && hq.blobRoot == "/opt/data/commcare/blobdb")
        #expect(hq.queries == HQQueries())
        #expect(c.partitionColumns(for: .locations) == ["supervisor_id"])
        #expect(c.transforms.count == 4)
        #expect(c.transforms[2] == DeclarativeTransform(.cast(column: "birth_weight", to: .double, onError: .null), topics: [.cases]))
        #expect(TransformPipeline(config: c).ensuredLocationColumns == ["supervisor_id"])
    }

    @Test func defaultsAndJSONSyntax() throws {
        let c = try IngestConfig.parse(#"{"kafka": {"bootstrap_servers": ["k:9092"]}, "source": {"kind": "inline"}}"#, json: true)
        #expect(c.batch.maxRecords == 500)
        #expect(c.partitionColumns(for: .forms) == ["month", "supervisor_id"])
        #expect(c.source == .inline && c.warehouse == "./lakehouse" && c.archivedForms == .remove)
    }

    @Test func everyProblemIsListed() {
        let text = """
            warehouse = ""
            colour = "blue"
            [kafka]
            bootstrap_servers = ["nohost", "h:99999"]
            topics = ["form-sql", "ledger"]
            [batch]
            max_records = 0
            max_wait_ms = "soon"
            [metastore]
            kind = "postgres"
            url = "postgresql://hive:hunter2@db/hive"
            [source]
            kind = "hq"
            [source.hq]
            main_database = "host=db password=x"
            [partition_columns]
            "case-sql" = ["month", "region", "month"]
            [[transforms]]
            op = "explode"
            [[transforms]]
            op = "cast"
            column = "a"
            to = "decimal"
            """
        do {
            _ = try IngestConfig.parse(text)
            Issue.record("expected an error")
        } catch {
            guard case .invalid(let problems) = error else { Issue.record("\(error)"); return }
            let paths = problems.map(\.path)
            for expected in ["warehouse", "colour", "kafka.bootstrap_servers[0]", "kafka.bootstrap_servers[1]", "kafka.topics[1]",
                             "batch.max_records", "batch.max_wait_ms", "metastore.url", "source.hq.main_database",
                             "source.hq.blob_root", "transforms[0].op", "transforms[1].to", "partition_columns.case-sql"] {
                #expect(paths.contains(expected), "\(expected) not in \(paths)")
            }
            #expect(problems.contains { $0.message.contains("\"month\" is listed twice") }, "\(problems)")
            // The secret itself is never echoed.
            #expect(!error.description.contains("hunter2"))
        }
    }

    @Test func overridesFromEnvironmentAndFlags() throws {
        let env = ["LAKE_INGEST_KAFKA_BOOTSTRAP_SERVERS": "a:1, b:2", "LAKE_INGEST_BATCH_MAX_RECORDS": "10000", "HOME": "/x"]
        var overrides = ConfigOverride.fromEnvironment(env)
        #expect(overrides.count == 2)
        if let key = ConfigKey.named("source.kind") { overrides.append(ConfigOverride(key, "replay")) }
        if let key = ConfigKey.named("source.replay_path") { overrides.append(ConfigOverride(key, "/tmp/f.jsonl")) }
        let c = try IngestConfig.parse("[kafka]\nbootstrap_servers = [\"z:9\"]\n", overrides: overrides)
        #expect(c.kafka.bootstrapServers == ["a:1", "b:2"])
        #expect(c.batch.maxRecords == 10000)
        #expect(c.source == .replay(path: "/tmp/f.jsonl"))
        #expect(ConfigKey.named("kafka.bootstrap_servers")?.flag == "--kafka-bootstrap-servers")
        #expect(throws: ConfigError.self) {
            try IngestConfig.parse("[kafka]\nbootstrap_servers = [\"z:9\"]\n",
                                   overrides: [ConfigOverride(ConfigKey.all[3], "many")])
        }
    }

    @Test func loadsFilesWithEnvironmentAndFlags() throws {
        let dir = try TemporaryDirectory("config")
        let path = dir.path + "/c.json"
        try Data(#"{"kafka": {"bootstrap_servers": ["f:1"]}, "source": {"kind": "inline"}, "metastore": {"database": "lake"}}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        let flags = ConfigKey.named("batch.max_wait_ms").map { [ConfigOverride($0, "250")] } ?? []
        let c = try IngestConfig.load(path: path, environment: ["LAKE_INGEST_WAREHOUSE": "/w"], flags: flags)
        #expect(c.kafka.bootstrapServers == ["f:1"] && c.warehouse == "/w" && c.batch.maxWaitMilliseconds == 250)
        #expect(c.catalogDatabase == "lake")
        #expect(throws: ConfigError.self) { try IngestConfig.load(path: dir.path + "/none.toml", environment: [:]) }
        #expect(throws: ConfigError.self) {
            try IngestConfig.load(path: path, environment: ["LAKE_INGEST_METASTORE_DATABASE": "Bad-Name"])
        }
    }

    @Test func tomlSyntaxErrorsHaveLines() {
        #expect(throws: ConfigError.syntax(line: 2, column: 5, message: "expected a value (string, number, boolean, array or table), found 'nope'")) {
            try TOMLSubset().parse("a = 1\nb = nope\n")
        }
        #expect(throws: ConfigError.self) { try TOMLSubset().parse("a = 1\na = 2\n") }
        #expect(throws: ConfigError.self) { try TOMLSubset().parse("[t]\n[t]\n") }
        #expect(throws: ConfigError.self) { try TOMLSubset().parse("s = \"open\n") }
        // Hostile nesting is an error, not a stack overflow.
        #expect(throws: ConfigError.self) { try TOMLSubset().parse("a = " + String(repeating: "[", count: 100_000)) }
        #expect(throws: ConfigError.self) { try TOMLSubset().parse("a = " + String(repeating: "{ b = ", count: 100_000)) }
        #expect(throws: ConfigError.self) { try TOMLSubset().parse(String(repeating: "a.", count: 100_000) + "a = 1") }
        #expect(throws: ConfigError.self) { try TOMLSubset().parse("[" + String(repeating: "a.", count: 100_000) + "a]") }
    }

    @Test func tomlSubsetFeatures() throws {
        let v = try TOMLSubset().parse("""
            # comment
            a.b = 'lit\\eral'   # trailing comment
            "q k" = "x\\ty\\u00e9"
            n = -1_000
            f = 2.5
            arr = [
              1, 2,  # inside
              3,
            ]
            inl = { x = 1, y = { z = true } }
            [t.u]
            k = false
            [[list]]
            i = 1
            [[list]]
            i = 2
            [list.sub]
            j = 3
            """)
        #expect(v["a"]?["b"] == .string("lit\\eral"))
        #expect(v["q k"] == .string("x\tyé"))
        #expect(v["n"] == .int(-1000) && v["f"] == .double(2.5))
        #expect(v["arr"] == [1, 2, 3])
        #expect(v["inl"]?["y"]?["z"] == .bool(true))
        #expect(v["t"]?["u"]?["k"] == .bool(false))
        #expect(v["list"] == [["i": 1], ["i": 2, "sub": ["j": 3]]])
    }
}

@Suite struct TopicNameTests {
    @Test func renamedTopicsRouteAndDuplicatesAreRejected() throws {
        let c = try IngestConfig.parse("""
            [kafka]
            bootstrap_servers = ["k:1"]
            [kafka.topic_names]
            "form-sql" = "prod.form-sql"
            [source]
            kind = "inline"
            """)
        #expect(c.kafka.topicName(for: .forms) == "prod.form-sql" && c.kafka.topicName(for: .cases) == "case-sql")
        let router = BatchRouter(config: c)
        #expect(router.topics == ["prod.form-sql": .forms, "case-sql": .cases, "location": .locations])
        #expect(throws: ConfigError.self) {
            try IngestConfig.parse("[kafka]\nbootstrap_servers = [\"k:1\"]\n[kafka.topic_names]\n\"form-sql\" = \"case-sql\"\n")
        }
    }
}
