import Foundation
import Testing

/// Golden output of the commands that write: create, append, merge, delete, update.
@Suite struct WriteCommandTests {
    @Test func createAppendMergeDeleteUpdate() throws {
        let f = try Fixture.inputs()
        defer { f.remove() }
        var g = Golden("create-append-merge-delete-update", runner: f.runner)
        try g.run(["create", "./t", "--from", "people.ndjson", "--partition-by", "city"])
        try g.run(["merge", "./t", "changes.csv", "--key", "id", "--delete-where", "gone = true"])
        try g.run(["delete", "./t", "--where", "name = 'cy'"])
        try g.run(["update", "./t", "--set", "age=50", "--set", "score=null", "--where", "id in (1, 2)"])
        try g.run(["update", "./t", "--set", "name=city", "--where", "id = 5", "--json"])
        try g.run(["show", "./t"])
        try g.run(["create", "./s", "--schema", #"[{"name": "k", "type": "int32", "nullable": false}, {"name": "v", "type": "string"}]"#, "--json"])
        try g.run(["append", "./s", "-", "--input-format", "csv"], stdin: "k,v\n1,one\n2,\"two, too\"\n")
        try g.run(["append", "./s", "-"], stdin: #"{"k": 3, "v": "three", "extra": true}"# + "\n")
        try g.run(["show", "./s", "--json"], sortedAfter: 0)
        try g.run(["describe", "./s"])
        try g.run(["append", "./new", "people.ndjson", "--json"])
        try g.run(["create", "./p", "--column", "id:int64:not-null", "--column", "day:date", "--partition-by", "day", "--format", "parquet"])
        try g.run(["merge", "./s", "-", "--key", "k", "--when-newer", "k", "--json"], stdin: "k,v\n2,second\n9,nine\n")
        try g.run(["show", "./s", "--format", "csv"], sortedAfter: 1)
        try g.check()
    }

    /// `--when-newer` keeps the newest copy: an older incoming row leaves the table's row alone.
    @Test func whenNewerKeepsTheNewestCopy() throws {
        let f = try Fixture.inputs()
        defer { f.remove() }
        let r = f.runner
        #expect(try r.run(["append", "./m", "-"], stdin: "id,v,at\n1,a,5\n2,b,5\n").status == 0)
        let merged = try r.run(["merge", "./m", "-", "--key", "id", "--when-newer", "at", "--json"], stdin: "id,v,at\n1,old,4\n2,new,6\n2,newer,7\n3,c,1\n")
        #expect(merged.status == 0, "\(merged.stderr)")
        let shown = try r.run(["show", "./m", "--format", "csv"])
        let rows = Set(shown.stdout.split(separator: "\n").dropFirst().map(String.init))
        #expect(rows == ["1,a,5", "2,newer,7", "3,c,1"])
    }
}
