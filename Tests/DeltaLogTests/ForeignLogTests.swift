import Testing
import TestSupport
import Columnar
@testable import DeltaLog

/// Logs written by hand the way other Delta writers (Spark, delta-rs) write them, read by SwiftLake.
@Suite struct ForeignLogTests {
    static let schemaV0 = #"{\"type\":\"struct\",\"fields\":[{\"name\":\"value\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}},{\"name\":\"part\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}}]}"#
    static let schemaV2 = #"{\"type\":\"struct\",\"fields\":[{\"name\":\"value\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}},{\"name\":\"part\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}},{\"name\":\"note\",\"type\":\"string\",\"nullable\":true,\"metadata\":{\"comment\":\"added later\"}}]}"#

    static let commits: [String] = [
        // 0: protocol, metadata, one file in the null partition, and fields this reader does not know.
        """
        {"commitInfo":{"timestamp":1700000000000,"operation":"CREATE TABLE","operationParameters":{"isManaged":"false","partitionBy":"[\\"part\\"]"},"engineInfo":"Apache-Spark/3.5.0 Delta-Lake/3.1.0","futureField":{"x":1}}}
        {"protocol":{"minReaderVersion":1,"minWriterVersion":2}}
        {"metaData":{"id":"0b5b7f4e-8c8e-4b57-9d2b-0f3c1d9b0a11","format":{"provider":"parquet","options":{}},"schemaString":"\(schemaV0)","partitionColumns":["part"],"configuration":{"delta.appendOnly":"false"},"createdTime":1700000000000}}
        {"add":{"path":"part=__HIVE_DEFAULT_PARTITION__/part-00000-a.c000.snappy.parquet","partitionValues":{"part":null},"size":500,"modificationTime":1700000000000,"dataChange":true,"stats":"{\\"numRecords\\":3,\\"minValues\\":{\\"value\\":1},\\"maxValues\\":{\\"value\\":3},\\"nullCount\\":{\\"value\\":0}}","tags":{"INSERTION_TIME":"1700000000000000"},"unknownAddField":7}}
        """,
        // 1: a file whose partition value has a space, slash, equals sign, percent and non-ASCII; a txn;
        // actions this reader ignores (cdc, domainMetadata, and one that does not exist yet).
        """
        {"commitInfo":{"timestamp":1700000001000,"operation":"WRITE","readVersion":0,"isolationLevel":"Serializable","isBlindAppend":true,"operationMetrics":{"numFiles":"1"}}}
        {"add":{"path":"part=a b%252Fc%253Dd%2525e%20%C3%A9t%C3%A9/part-00001-b.c000.snappy.parquet","partitionValues":{"part":"a b/c=d%e été"},"size":600,"modificationTime":1700000001000,"dataChange":true}}
        {"txn":{"appId":"stream-1","version":4,"lastUpdated":1700000001000}}
        {"cdc":{"path":"_change_data/cdc-00000.parquet","partitionValues":{},"size":10,"dataChange":false}}
        {"domainMetadata":{"domain":"delta.rowTracking","configuration":"{}","removed":false}}
        {"somethingNew":{"anything":[1,2,3]}}
        """,
        // 2: the schema gains a column; the txn moves on.
        """
        {"commitInfo":{"timestamp":1700000002000,"operation":"ADD COLUMNS"}}
        {"metaData":{"id":"0b5b7f4e-8c8e-4b57-9d2b-0f3c1d9b0a11","format":{"provider":"parquet","options":{}},"schemaString":"\(schemaV2)","partitionColumns":["part"],"configuration":{},"createdTime":1700000000000}}
        {"txn":{"appId":"stream-1","version":5}}
        """,
        // 3: the special-character partition is renamed: its file removed, a new one added under another value.
        """
        {"remove":{"path":"part=a b%252Fc%253Dd%2525e%20%C3%A9t%C3%A9/part-00001-b.c000.snappy.parquet","deletionTimestamp":1700000003000,"dataChange":true,"extendedFileMetadata":true,"partitionValues":{"part":"a b/c=d%e été"},"size":600}}
        {"add":{"path":"part=%25%3D%2F%20%E6%97%A5%E6%9C%AC/part-00002-c.c000.snappy.parquet","partitionValues":{"part":"%=/ 日本"},"size":700,"modificationTime":1700000003000,"dataChange":true,"deletionVector":{"storageType":"u","pathOrInlineDv":"ab^-aqEH.-t@S}K{vb[*k^","offset":4,"sizeInBytes":40,"cardinality":6}}}

        """,
    ]

    func writeLog(_ dir: String) throws {
        let s = LocalStorage(root: dir)
        for (v, text) in Self.commits.enumerated() {
            try s.write(LogPaths.commit(Int64(v)), Array(text.utf8))
        }
    }

    @Test func readsEveryVersionOfAForeignLog() throws {
        let dir = try TemporaryDirectory()
        try writeLog(dir.path)
        let table = DeltaTable(path: dir.path)

        let v0 = try table.snapshot(version: 0)
        #expect(v0.files.map(\.path) == ["part=__HIVE_DEFAULT_PARTITION__/part-00000-a.c000.snappy.parquet"])
        #expect(v0.files[0].partitionValues == ["part": String?.none])
        #expect(v0.files[0].tags == ["INSERTION_TIME": "1700000000000000"])
        #expect(FileStatistics(json: v0.files[0].stats)?.numRecords == 3)
        #expect(v0.schema.columns.map(\.name) == ["value", "part"])
        #expect(v0.schema.columns.map(\.physicalName) == ["value", "part"])
        #expect(!v0.schema.columnMapping)
        #expect(v0.timestamp == 1_700_000_000_000)

        let v1 = try table.snapshot(version: 1)
        #expect(v1.fileCount == 2)
        let special = try #require(v1.files.first { $0.size == 600 })
        #expect(special.path == "part=a b%2Fc%3Dd%25e été/part-00001-b.c000.snappy.parquet")
        #expect(special.partitionValues == ["part": "a b/c=d%e été"])
        #expect(v1.transactionVersion(appId: "stream-1") == 4)

        let v2 = try table.snapshot(version: 2)
        #expect(v2.schema.columns.map(\.name) == ["value", "part", "note"])
        #expect(v2.transactionVersion(appId: "stream-1") == 5)
        #expect(v2.metadata.configuration.isEmpty)

        let v3 = try table.snapshot()
        #expect(v3.version == 3)
        #expect(v3.files.map(\.size) == [700, 500])
        let renamed = try #require(v3.files.first { $0.size == 700 })
        #expect(renamed.path == "part=%=/ 日本/part-00002-c.c000.snappy.parquet")
        #expect(renamed.partitionValues == ["part": "%=/ 日本"])
        #expect(renamed.deletionVector?.cardinality == 6)
        #expect(renamed.deletionVector?.uniqueId == "uab^-aqEH.-t@S}K{vb[*k^@4")
        #expect(v3.tombstones.map(\.path) == ["part=a b%2Fc%3Dd%25e été/part-00001-b.c000.snappy.parquet"])
        // Commit 3 has no commitInfo, so its time is the file's modification time.
        #expect(v3.timestamp > 1_700_000_002_000)
    }

    @Test func foreignPathsRoundTripThroughSwiftLakeCommits() throws {
        let dir = try TemporaryDirectory()
        try writeLog(dir.path)
        let table = DeltaTable(path: dir.path)
        // A SwiftLake commit re-encodes the paths it touches; reading back must give the same decoded paths.
        var tx = try table.startTransaction()
        let victim = try #require(try table.snapshot().files.first { $0.size == 700 })
        tx.readFiles([victim])
        tx.remove(victim.removal(at: 1))
        tx.add(victim)
        try tx.commit(operation: "TOUCH")
        let s = try table.snapshot()
        #expect(s.files.map(\.path) == (try table.snapshot(version: 3)).files.map(\.path))
    }

    @Test func malformedLinesAreTypedErrorsNamingFileAndLine() throws {
        let dir = try TemporaryDirectory()
        try writeLog(dir.path)
        let s = LocalStorage(root: dir.path)
        try s.write(LogPaths.commit(4), Array("{\"commitInfo\":{}}\n{\"add\":{\"path\":\"x\",\"size\":\"big\"}}\n".utf8))
        #expect(throws: DeltaLogError.malformedAction(path: LogPaths.commit(4), line: 2, detail: "add.size is missing or not an integer")) {
            try DeltaTable(path: dir.path).snapshot()
        }
        try s.write(LogPaths.commit(4), Array("{\"add\":{\"path\":\"x\",\"size\":1,\n".utf8))
        #expect {
            try DeltaTable(path: dir.path).snapshot()
        } throws: { e in
            guard case let .malformedAction(path, line, _) = e as? DeltaLogError else { return false }
            return path == LogPaths.commit(4) && line == 1
        }
        // Earlier versions stay readable.
        #expect(try DeltaTable(path: dir.path).snapshot(version: 3).fileCount == 2)
    }

    @Test func refusesTablesNeedingUnknownReaderFeatures() throws {
        let dir = try TemporaryDirectory()
        try writeLog(dir.path)
        try LocalStorage(root: dir.path).write(LogPaths.commit(4), Array(#"{"protocol":{"minReaderVersion":3,"minWriterVersion":7,"readerFeatures":["columnMapping","quantumFiles"],"writerFeatures":["columnMapping"]}}"#.utf8))
        #expect(throws: DeltaLogError.unsupportedReaderFeatures(["quantumFiles"])) { try DeltaTable(path: dir.path).snapshot() }
    }
}
