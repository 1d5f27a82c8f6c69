import Testing
import TestSupport
import Foundation
import Columnar
@testable import DeltaLog

/// `DeltaTable.convert(to:)`: native ⇄ Parquet as one version, deletion vectors applied, history intact.
@Suite struct ConvertTests {
    static func rows(_ t: DeltaTable, _ version: Int64? = nil) throws -> [String] {
        try CheckpointTests.rows(t, version)
    }

    /// Native (or Parquet) table with escaped partition values, a null partition, deletion vectors and a checkpoint.
    static func history(_ table: DeltaTable, columnarFiles: Bool, columnMapping: Bool = true) throws {
        try table.create(TableDefinition(schema: CheckpointTests.schema, partitionColumns: ["month"],
                                         properties: ["delta.checkpointInterval": "3"], columnarFiles: columnarFiles,
                                         columnMapping: columnMapping))
        let months: [String?] = ["2024-01", "a b/c=d%é", nil]
        for i in 0..<3 {
            try table.append([try CheckpointTests.batch((0..<10).map { k in (Int64(i * 10 + k), "n\(k)", months[(i + k) % 3]) })])
        }
        try table.merge([try CheckpointTests.batch([(4, "upd", months[1]), (50, "new", nil)])], MergeSpec(keyColumns: ["id"]))
        try table.delete(keys: try CheckpointTests.keys([7, 13]), keyColumns: ["id"])
    }

    static func extensions(_ s: Snapshot) -> Set<String> {
        Set(s.files.map { String($0.path.split(separator: ".").last ?? "") })
    }

    @Test func nativeToParquetAndBackKeepsRowsAndHistory() throws {
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        try Self.history(table, columnarFiles: true)
        let before = try #require(try table.latestVersion())
        let expected = try (0...before).map { try Self.rows(table, $0) }
        #expect(try table.snapshot().files.contains { $0.deletionVector != nil })
        #expect(try table.snapshot().fileFormat == .native)

        let r = try table.convert(to: .parquet)
        let v = try #require(r.commit?.version)
        #expect(v == before + 1)
        #expect(r.rows == Int64(expected[Int(before)].count))
        let s = try table.snapshot()
        #expect(s.fileFormat == .parquet)
        #expect(Self.extensions(s) == ["parquet"])
        #expect(s.files.allSatisfy { $0.deletionVector == nil && !$0.dataChange })
        #expect(s.metadata.formatProvider == "parquet")
        // Only what the rewritten files need: no columnar files, no deletion vectors, no type changes recorded.
        #expect(s.protocolAction.readerFeatures == ["columnMapping"])
        #expect(s.protocolAction.writerFeatures == ["columnMapping"])
        #expect(s.files.count == r.filesAdded)
        #expect(r.filesRemoved == (try table.snapshot(version: before).fileCount))
        #expect(try Self.rows(table) == expected[Int(before)])
        // Every earlier version still reads its native files.
        for old in 0...before { #expect(try Self.rows(table, old) == expected[Int(old)], "version \(old)") }
        let info = try #require(try table.history(limit: 1).first?.commitInfo)
        #expect(info.operation == "CONVERT")
        #expect(info.operationParameters["format"] == "parquet")
        // Already Parquet: nothing to do. Checkpoints are Delta's from now on.
        #expect(try table.convert(to: .parquet).commit == nil)
        try table.checkpoint()
        #expect(try LocalStorage(root: dir.path).info(LogPaths.parquetCheckpoint(v)) != nil)

        let back = try table.convert(to: .native, options: WriteOptions(bloomFilterColumns: ["id"]))
        #expect(back.commit?.version == v + 1)
        let n = try table.snapshot()
        #expect(n.fileFormat == .native)
        #expect(Self.extensions(n) == ["slc"])
        #expect(try Self.rows(table) == expected[Int(before)])
        #expect(try Self.rows(table, v) == expected[Int(before)])
        // And the table still takes writes in its new format.
        try table.append([try CheckpointTests.batch([(99, "late", "2024-01")])])
        #expect(try table.scan(filter: .eq("id", .int64(99))).count() == 1)
        #expect(Self.extensions(try table.snapshot()) == ["slc"])
    }

    @Test func parquetTableWithoutColumnMappingConvertsToNative() throws {
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        try Self.history(table, columnarFiles: false, columnMapping: false)
        let latest = try #require(try table.latestVersion())
        let expected = try Self.rows(table)
        #expect(try table.convert(to: .native).commit?.version == latest + 1)
        #expect(try Self.rows(table) == expected)
        #expect(Self.extensions(try table.snapshot()) == ["slc"])
        #expect(try table.snapshot().protocolAction.usesColumnarFiles)
        for v in 0...latest { _ = try Self.rows(table, v) }
    }

    @Test func deltaRsReadsAConvertedTable() throws {
        guard try DeltaRsInteropTests.available() else { return }
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        try Self.history(table, columnarFiles: true)
        let expected = try DeltaRsCheckpointInteropTests.swiftLake(table, try #require(try table.latestVersion()))
        let v = try #require(try table.convert(to: .parquet).commit?.version)
        // delta-rs reads the converted version; earlier versions are SwiftLake columnar files, which it refuses.
        // A MERGE afterwards declares deletion vectors again; delta-rs reads that too.
        try table.merge([try CheckpointTests.batch([(5, "again", "2024-01"), (60, "newer", nil)])], MergeSpec(keyColumns: ["id"]))
        #expect(try table.snapshot().protocolAction.readerFeatures?.contains("deletionVectors") == true)
        let rs = try DeltaRsCheckpointInteropTests.deltaRs(dir.path, from: v)
        #expect(rs.versions[v] == expected)
        try DeltaRsCheckpointInteropTests.expectSame(table, rs.versions, versions: v...(v + 1), "converted table")
    }
}
