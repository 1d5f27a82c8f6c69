import Testing
import TestSupport
import Foundation
@testable import DeltaLog

/// The commit that makes its new data and deletion-vector files durable in the same round of fsyncs as its own
/// file (`LocalStorage.putIfAbsent(_:_:after:)`), and the staging storage MERGE writes those files into.
@Suite struct StagedCommitTests {
    @Test func objectsAndCommitAppearTogetherAndALostRaceKeepsTheObjects() throws {
        let dir = try TemporaryDirectory()
        let storage = LocalStorage(root: dir.path)
        let objects: [(path: String, bytes: [UInt8])] = [("part-a.slc", [1, 2, 3]), ("p=1/q=2/part-b.slc", [4, 5]),
                                                         ("deletion_vector_x.bin", [])]
        #expect(try storage.putIfAbsent(LogPaths.commit(0), Array("{}\n".utf8), after: objects))
        for o in objects { #expect(try storage.read(o.path) == o.bytes) }
        #expect(try storage.read(LogPaths.commit(0)) == Array("{}\n".utf8))
        // The version is taken: false, the commit file untouched, the new objects written all the same.
        #expect(try !storage.putIfAbsent(LogPaths.commit(0), Array("[]\n".utf8), after: [("part-c.slc", [9])]))
        #expect(try storage.read(LogPaths.commit(0)) == Array("{}\n".utf8))
        #expect(try storage.read("part-c.slc") == [9])
        // An object whose path exists is replaced whole; no temporary file is left or listed.
        #expect(try storage.putIfAbsent(LogPaths.commit(1), [0x0A], after: [("part-a.slc", [7, 7])]))
        #expect(try storage.read("part-a.slc") == [7, 7])
        let names = try FileManager.default.subpathsOfDirectory(atPath: dir.path)
        #expect(!names.contains { $0.contains(".tmp-") })
        #expect(throws: StorageError.invalidPath(path: "../x")) {
            try storage.putIfAbsent(LogPaths.commit(2), [0x0A], after: [("../x", [1])])
        }
    }

    @Test func stagingHoldsWritesAndServesReadsOfThem() throws {
        let dir = try TemporaryDirectory()
        let base = LocalStorage(root: dir.path)
        try base.write("old.bin", [1, 2, 3, 4])
        let staging = StagingStorage(base: base)
        try staging.write("new.bin", [5, 6, 7])
        #expect(try base.info("new.bin") == nil)
        #expect(try staging.read("new.bin") == [5, 6, 7])
        #expect(try staging.read("new.bin", range: 1..<3) == [6, 7])
        #expect(throws: StorageError.rangeOutOfBounds(path: "new.bin", range: 2..<4, size: 3)) { try staging.read("new.bin", range: 2..<4) }
        #expect(try staging.read("old.bin", range: 0..<2) == [1, 2])
        #expect(try staging.info("new.bin")?.size == 3)
        #expect(staging.localPath("new.bin") == nil)
        #expect(staging.objects.map(\.path) == ["new.bin"])
    }

    /// A MERGE leaves no staged file unwritten: every file its commit references exists with the size recorded.
    @Test func mergeCommitsDurableFilesItReferences() throws {
        let dir = try TemporaryDirectory()
        let table = DeltaTable(path: dir.path)
        try MergeFixtures.create(table, properties: [DeletionVectorStore.inlineThresholdProperty: "0"])
        try table.upsert([try MergeFixtures.batch((0..<20).map { ("k\($0)", .init(ts: 1, v: Int64($0), del: nil, p: Int32($0 % 2))) })],
                         keyColumns: ["_id"])
        let r = try table.upsert([try MergeFixtures.batch((10..<30).map { ("k\($0)", .init(ts: 2, v: Int64($0), del: nil, p: 1)) })],
                                 keyColumns: ["_id"])
        #expect(r.rowsUpdated == 10 && r.rowsInserted == 10)
        let s = try table.snapshot()
        #expect(s.files.contains { $0.deletionVector?.storageType == "u" })
        for f in s.files {
            #expect(try table.storage.info(f.path)?.size == Int(f.size))
            if let d = f.deletionVector { _ = try DeletionVectorStore(storage: table.storage, location: table.location).load(d) }
        }
        #expect(try MergeFixtures.contents(table).rows.count == 30)
    }

    /// The commit path's string helpers agree with what they replace: `split` for a `..` component, and
    /// `NSString.deletingLastPathComponent` for a file's directory.
    @Test func pathHelpersAgreeWithFoundation() {
        let paths = ["a", "..", "../x", "a/..", "a/../b", "a/...", "a/..b", "b../c", ".../x", "a//../b", ".", "a/./b",
                     "./..", "x/y/z.slc", "p=1/..q/r", "..."]
        for p in paths {
            #expect(LocalStorage.climbs(p) == p.split(separator: "/").contains(".."), "\(p)")
        }
        for full in ["/r/a.slc", "/r/p=1/q=2/part-b.slc", "/a", "/tmp/x y/é.bin"] {
            #expect(LocalStorage.parent(full) == (full as NSString).deletingLastPathComponent, "\(full)")
        }
    }
}
