import Foundation
import Metastore
import Testing

/// The behaviour every backend must share, run against both.
@Suite struct ConformanceTests {
    @Test(arguments: Backend.allCases)
    func fullLifecycle(_ backend: Backend) throws {
        guard let scratch = try Scratch(backend) else { return }
        let ms = try scratch.open()
        #expect(try ms.databases() == ["default"])
        let db = try ms.createDatabase("lake", location: nil, comment: "the lake", properties: ["k": "v"])
        #expect(db.location == "file:\(scratch.warehouse)/lake.db")
        #expect(try ms.database("lake") == db)
        #expect(throws: MetastoreError.databaseAlreadyExists("lake")) { try ms.createDatabase("lake") }

        let location = scratch.warehouse + "/commcare/t1"
        let created = try ms.createTable(sampleDefinition("lake", "t1", location: location))
        // Stored the way Spark stores it: a URI, partition columns last.
        #expect(created.location == "file:" + location)
        #expect(created.columns.map(\.name) == ["_id", "Score", "tags", "month"])
        #expect(created.partitionColumns == ["month"])
        let read = try ms.table("lake", "t1")
        #expect(read == created)
        #expect(read.deltaVersion == 3)
        #expect(read.properties == ["owner.team": "data"])

        #expect(throws: MetastoreError.tableAlreadyExists(database: "lake", table: "t1")) {
            try ms.createTable(sampleDefinition("lake", "t1", location: "/elsewhere"))
        }
        // create-if-absent returns the registered table, not the new definition.
        #expect(try ms.createTableIfAbsent(sampleDefinition("lake", "t1", location: "/elsewhere")) == created)

        let moved = try ms.setLocation("lake", "t1", "s3a://bucket/t1/")
        #expect(moved.location == "s3a://bucket/t1")
        let props = try ms.setProperties("lake", "t1", ["owner.team": nil, "purpose": "test"])
        #expect(props.properties == ["purpose": "test"])
        #expect(try ms.table("lake", "t1") == props)

        try ms.renameTable("lake", "t1", to: "t2")
        #expect(throws: MetastoreError.tableNotFound(database: "lake", table: "t1")) { try ms.table("lake", "t1") }
        #expect(try ms.table("lake", "t2").location == "s3a://bucket/t1")

        #expect(throws: MetastoreError.databaseNotEmpty("lake", tables: 1)) { try ms.dropDatabase("lake", cascade: false) }
        try ms.dropTable("lake", "t2", purge: false)
        #expect(try ms.tables(in: "lake") == [])
        #expect(throws: MetastoreError.tableNotFound(database: "lake", table: "t2")) { try ms.dropTable("lake", "t2", purge: false) }
        try ms.dropDatabase("lake", cascade: false)
        #expect(throws: MetastoreError.databaseNotFound("lake")) { try ms.database("lake") }
        #expect(throws: MetastoreError.databaseNotFound("lake")) { try ms.tables(in: "lake") }
    }

    @Test(arguments: Backend.allCases)
    func cascadeDropAndPurge(_ backend: Backend) throws {
        guard let scratch = try Scratch(backend) else { return }
        let ms = try scratch.open()
        try ms.createDatabase("lake")
        let dataDir = scratch.warehouse + "/data/t"
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: dataDir + "/part-0"))
        try ms.createTable(sampleDefinition("lake", "kept", location: scratch.warehouse + "/data/kept"))
        try ms.createTable(sampleDefinition("lake", "purged", location: dataDir))
        try ms.dropTable("lake", "purged", purge: true)
        #expect(!FileManager.default.fileExists(atPath: dataDir))
        try ms.dropDatabase("lake", cascade: true)
        #expect(try ms.databases() == ["default"])
        #expect(throws: MetastoreError.cannotDropDefaultDatabase) { try ms.dropDatabase("default", cascade: true) }
        // The name is free again.
        try ms.createDatabase("lake")
        #expect(try ms.tables(in: "lake") == [])
    }

    @Test(arguments: Backend.allCases)
    func listingWithPatterns(_ backend: Backend) throws {
        guard let scratch = try Scratch(backend) else { return }
        let ms = try scratch.open()
        try ms.createDatabase("lake")
        try ms.createDatabase("lake_archive")
        for name in ["form_a", "form_b", "case_a", "location", "form_a_old"] {
            try ms.createTable(sampleDefinition("lake", name, location: "/w/\(name)"))
        }
        #expect(try ms.tables(in: "lake") == ["case_a", "form_a", "form_a_old", "form_b", "location"])
        #expect(try ms.tables(in: "lake", matching: "form_*") == ["form_a", "form_a_old", "form_b"])
        #expect(try ms.tables(in: "lake", matching: "*_a") == ["case_a", "form_a"])
        #expect(try ms.tables(in: "lake", matching: "form_?") == ["form_a", "form_b"])
        #expect(try ms.tables(in: "lake", matching: "case*|loc*") == ["case_a", "location"])
        #expect(try ms.tables(in: "lake", matching: "FORM_B") == ["form_b"])
        #expect(try ms.tables(in: "lake", matching: "nothing*") == [])
        #expect(try ms.databases(matching: "lake*") == ["lake", "lake_archive"])
        #expect(try ms.databases(matching: "lake") == ["lake"])
    }

    @Test(arguments: Backend.allCases)
    func oddNamesAreRejected(_ backend: Backend) throws {
        guard let scratch = try Scratch(backend) else { return }
        let ms = try scratch.open()
        try ms.createDatabase("lake")
        let cases: [(String, NameRule)] = [
            ("", .empty), ("Lake", .invalidCharacter), ("a-b", .invalidCharacter), ("../etc", .invalidCharacter),
            ("a.b", .invalidCharacter), ("x'; DROP TABLE \"TBLS\"; --", .invalidCharacter), ("naïve", .invalidCharacter),
            (String(repeating: "a", count: 129), .tooLong),
        ]
        for (name, rule) in cases {
            #expect(throws: MetastoreError.invalidName(name, rule: rule)) { try ms.createDatabase(name) }
            #expect(throws: MetastoreError.invalidName(name, rule: rule)) {
                try ms.createTable(sampleDefinition("lake", name, location: "/w/x"))
            }
            #expect(throws: MetastoreError.invalidName(name, rule: rule)) { try ms.table("lake", name) }
        }
        // 128 characters is allowed.
        let longest = String(repeating: "a", count: 128)
        try ms.createTable(sampleDefinition("lake", longest, location: "/w/x"))
        #expect(try ms.tables(in: "lake") == [longest])

        var bad = sampleDefinition("lake", "bad", location: "relative/path")
        #expect(throws: MetastoreError.self) { try ms.createTable(bad) }
        bad = sampleDefinition("lake", "bad", location: "/w/bad")
        bad.partitionColumns = ["missing"]
        #expect(throws: MetastoreError.invalidDefinition(database: "lake", table: "bad", reason: "partition column 'missing' is not a column")) {
            try ms.createTable(bad)
        }
        bad.partitionColumns = []
        bad.properties = ["spark.sql.sources.provider": "parquet"]
        #expect(throws: MetastoreError.invalidDefinition(database: "lake", table: "bad", reason: "property 'spark.sql.sources.provider' is reserved for the catalog")) {
            try ms.createTable(bad)
        }
        bad.properties = [:]
        bad.columns.append(CatalogColumn(name: "score", type: .int))
        #expect(throws: MetastoreError.invalidDefinition(database: "lake", table: "bad", reason: "column 'score' appears twice (names are case-insensitive)")) {
            try ms.createTable(bad)
        }
        #expect(try ms.tables(in: "lake") == [longest])
    }

    @Test(arguments: Backend.allCases)
    func limitsOfTheNarrowerSchemaAreEnforced(_ backend: Backend) throws {
        guard let scratch = try Scratch(backend) else { return }
        let ms = try scratch.open()
        // 128 "é" written as e + combining accent: 128 characters to Swift, 256 code points to PostgreSQL.
        let accented = String(repeating: "e\u{301}", count: 128)
        var def = sampleDefinition("default", "t", location: "/w/t")
        def.columns[0].comment = accented
        let created = try ms.createTable(def)
        #expect(try ms.table("default", "t").columns[0].comment == accented)
        #expect(created.columns[0].comment == accented)
        def.name = "u"
        def.columns[0].comment = accented + "e"
        #expect(throws: MetastoreError.valueTooLong(field: "comment of column '_id'", length: 257, limit: 256)) { try ms.createTable(def) }
        let longKey = String(repeating: "k", count: 181)
        #expect(throws: MetastoreError.valueTooLong(field: "property key", length: 181, limit: 180)) {
            try ms.createDatabase("db", location: nil, comment: nil, properties: [longKey: "v"])
        }
        #expect(throws: MetastoreError.valueTooLong(field: "property 'p'", length: 4001, limit: 4000)) {
            try ms.setProperties("default", "t", ["p": String(repeating: "v", count: 4001)])
        }
        #expect(try ms.tables(in: "default") == ["t"])
    }

    @Test(arguments: Backend.allCases)
    func schemaSyncAfterEvolution(_ backend: Backend) throws {
        guard let scratch = try Scratch(backend) else { return }
        let ms = try scratch.open()
        try ms.createDatabase("lake")
        var def = sampleDefinition("lake", "cases", location: "/w/cases")
        def.columns[2] = CatalogColumn(name: "Score", type: .float)
        def.columns.append(CatalogColumn(name: "visits", type: .int))
        try ms.createTable(def)
        try ms.setProperties("lake", "cases", ["kept": "yes"])

        // The snapshot after evolution: a column added, two types widened, a newer version.
        var evolved = def
        evolved.columns[2] = CatalogColumn(name: "Score", type: .double)
        evolved.columns[4] = CatalogColumn(name: "visits", type: .long)
        evolved.columns.append(CatalogColumn(name: "closed_on", type: .timestamp, comment: "added later"))
        evolved.deltaVersion = 9
        evolved.properties = ["synced": "1"]
        let synced = try ms.sync(from: evolved)
        #expect(synced.columns.map(\.name) == ["_id", "Score", "tags", "visits", "closed_on", "month"])
        #expect(synced.columns.map(\.type) == [.string, .double, .array(element: .string, containsNull: true), .long, .timestamp, .date])
        #expect(synced.deltaVersion == 9)
        #expect(synced.properties == ["owner.team": "data", "kept": "yes", "synced": "1"])
        #expect(try ms.table("lake", "cases") == synced)
        #expect(synced.columns[1].type.widens(.float))

        // sync of an unregistered table registers it.
        let fresh = try ms.sync(from: sampleDefinition("lake", "new_one", location: "/w/new_one"))
        #expect(try ms.table("lake", "new_one") == fresh)
    }

    @Test(arguments: Backend.allCases)
    func concurrentAltersLoseNothing(_ backend: Backend) throws {
        guard let scratch = try Scratch(backend) else { return }
        let ms = try scratch.open()
        try ms.createDatabase("lake")
        try ms.createTable(sampleDefinition("lake", "t", location: "/w/t"))
        // Each thread has its own catalog handle (its own connection or file descriptors), as processes would.
        let handles = try (0..<4).map { _ in try scratch.open() }
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            for j in 0..<10 {
                do {
                    try handles[i].setProperties("lake", "t", ["k\(i)_\(j)": "v"])
                } catch {
                    Issue.record("alter failed: \(error)")
                }
            }
        }
        #expect(try ms.table("lake", "t").properties.count == 41)
    }
}

/// What only the embedded catalog can meet: damage on disk.
@Suite struct FileMetastoreDamageTests {
    @Test func corruptAndLeftoverFilesGiveTypedErrors() throws {
        guard let scratch = try Scratch(.file) else { return }
        let ms = try scratch.open()
        try ms.createTable(sampleDefinition("default", "good", location: "/w/good"))
        let tables = scratch.warehouse + "/_catalog/default/tables"
        try Data("{\"database\": \"default\", \"name\": ".utf8).write(to: URL(fileURLWithPath: tables + "/torn.json"))
        // A temporary file left by a writer killed before its rename is not a table.
        try Data("{}".utf8).write(to: URL(fileURLWithPath: tables + "/.tmp-123"))
        #expect(try ms.tables(in: "default") == ["good", "torn"])
        #expect {
            try ms.table("default", "torn")
        } throws: { error in
            guard case .corruptCatalog(let path, _)? = error as? MetastoreError else { return false }
            return path.hasSuffix("/torn.json")
        }
        #expect(try ms.table("default", "good").name == "good")
        // Once the damaged file is removed the name can be registered again.
        try FileManager.default.removeItem(atPath: tables + "/torn.json")
        try ms.createTable(sampleDefinition("default", "torn", location: "/w/torn"))
        #expect(try ms.table("default", "torn").location == "file:/w/torn")
    }
}
