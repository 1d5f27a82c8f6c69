import Foundation
import Testing
import TestSupport
@testable import DeltaLog

@Suite struct StorageTests {
    @Test func putIfAbsentWritesOnceAndOthersLose() throws {
        let dir = try TemporaryDirectory()
        let s = LocalStorage(root: dir.path)
        #expect(try s.putIfAbsent("_delta_log/a.json", Array("one".utf8)))
        #expect(try !s.putIfAbsent("_delta_log/a.json", Array("two".utf8)))
        #expect(try s.read("_delta_log/a.json") == Array("one".utf8))
        // No temporary files are left behind and none are listed.
        #expect(try s.list(prefix: "").map(\.path) == ["_delta_log/a.json"])
    }

    @Test func readWriteRangeListDeleteInfo() throws {
        let dir = try TemporaryDirectory()
        let s = LocalStorage(root: dir.path)
        try s.write("x/y/z.bin", [1, 2, 3, 4, 5])
        try s.write("x/y/z.bin", [9, 8, 7, 6, 5, 4])
        try s.write("x/w.bin", [1])
        try s.write("xa.bin", [1, 2])
        #expect(try s.read("x/y/z.bin", range: 1..<4) == [8, 7, 6])
        #expect(throws: StorageError.rangeOutOfBounds(path: "x/y/z.bin", range: 4..<9, size: 6)) {
            try s.read("x/y/z.bin", range: 4..<9)
        }
        #expect(try s.list(prefix: "x/").map(\.path) == ["x/w.bin", "x/y/z.bin"])
        #expect(try s.list(prefix: "x").map(\.path) == ["x/w.bin", "x/y/z.bin", "xa.bin"])
        #expect(try s.list(prefix: "nothing/").isEmpty)
        let info = try #require(try s.info("x/y/z.bin"))
        #expect(info.size == 6 && info.modificationTime > 0)
        try s.delete("x/y/z.bin")
        try s.delete("x/y/z.bin")
        #expect(try s.info("x/y/z.bin") == nil)
        #expect(throws: StorageError.notFound(path: "x/y/z.bin")) { try s.read("x/y/z.bin") }
    }

    /// `writeAll` (a commit's data files, fsyncs overlapped): new objects in new nested directories, a replaced
    /// one, nothing temporary left behind; a bad path fails before anything is renamed into place.
    @Test func writeAllCreatesAndReplacesEveryObject() throws {
        let dir = try TemporaryDirectory()
        let s = LocalStorage(root: dir.path)
        try s.write("m=1/old.bin", [0])
        let objects = (0..<40).map { i in (path: "m=\(i % 20)/d=\(i % 3)/f\(i).bin", bytes: [UInt8](repeating: UInt8(i), count: 100 + i)) }
        try s.writeAll(objects + [(path: "m=1/old.bin", bytes: [7, 7])])
        for o in objects { #expect(try s.read(o.path) == o.bytes) }
        #expect(try s.read("m=1/old.bin") == [7, 7])
        let onDisk = try FileManager.default.subpathsOfDirectory(atPath: dir.path)
        #expect(!onDisk.contains { $0.contains(".tmp-") })
        #expect(try s.list(prefix: "").count == objects.count + 1)

        #expect(throws: StorageError.invalidPath(path: "../escape.bin")) {
            try s.writeAll([(path: "m=1/kept.bin", bytes: [1]), (path: "../escape.bin", bytes: [2])])
        }
        #expect(try s.info("m=1/kept.bin") == nil)
        #expect(try !FileManager.default.subpathsOfDirectory(atPath: dir.path).contains { $0.contains(".tmp-") })
        try s.writeAll([])
    }

    @Test func rejectsEscapingPaths() throws {
        let dir = try TemporaryDirectory()
        let s = LocalStorage(root: dir.path)
        for bad in ["../etc/passwd", "/abs", "a/../../b", ""] {
            #expect(throws: StorageError.invalidPath(path: bad)) { try s.write(bad, [1]) }
        }
    }
}
