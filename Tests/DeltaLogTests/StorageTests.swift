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

    @Test func rejectsEscapingPaths() throws {
        let dir = try TemporaryDirectory()
        let s = LocalStorage(root: dir.path)
        for bad in ["../etc/passwd", "/abs", "a/../../b", ""] {
            #expect(throws: StorageError.invalidPath(path: bad)) { try s.write(bad, [1]) }
        }
    }
}
