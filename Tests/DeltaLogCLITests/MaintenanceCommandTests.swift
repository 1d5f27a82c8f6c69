import Foundation
import Testing

/// Golden output of optimize, checkpoint, vacuum and restore, and of the catalog commands.
@Suite struct MaintenanceCommandTests {
    @Test func optimizeCheckpointVacuumRestore() throws {
        let f = try Fixture.table()
        defer { f.remove() }
        var g = Golden("optimize-checkpoint-vacuum-restore", runner: f.runner)
        try g.run(["optimize", "./t", "--target-size", "1M", "--sort-by", "id"], withStderr: true)
        try g.run(["files", "./t"])
        try g.run(["checkpoint", "./t"], withStderr: true)
        try g.run(["checkpoint", "./t", "--json"])
        try g.run(["restore", "./t", "--version", "2", "--json"])
        try g.run(["show", "./t", "--columns", "id,name"])
        try g.run(["vacuum", "./t", "--retain", "0h", "--dry-run"], withStderr: true)
        try g.run(["vacuum", "./t", "--retain", "0h", "--dry-run", "--force"])
        try g.run(["vacuum", "./t", "--retain", "0h", "--force", "--json"])
        try g.run(["verify", "./t"])
        try g.run(["restore", "./t", "--version", "1"], withStderr: true)
        try g.run(["history", "./t", "--limit", "2"])
        try g.check()
    }

    @Test func catalogTables() throws {
        let f = try Fixture.inputs()
        defer { f.remove() }
        var g = Golden("catalog", runner: f.runner)
        try g.run(["tables"])
        try g.run(["create", "sales.people", "--from", "people.ndjson", "--partition-by", "city"])
        try g.run(["append", "sales.more", "changes.csv"])
        try g.run(["create", "crm.leads", "--column", "id:int64", "--location", "elsewhere/leads", "--json"])
        try g.run(["tables"])
        try g.run(["tables", "sales", "--columns", "--json"])
        try g.run(["describe", "sales.people"])
        try g.run(["show", "sales.more", "--columns", "id,name,gone", "--format", "csv"])
        try g.run(["merge", "sales.people", "changes.csv", "--key", "id", "--delete-where", "gone = true"])
        try g.run(["tables", "--like", "peo*"])
        try g.run(["unregister", "crm.leads"])
        try g.run(["tables"])
        try g.check()
    }
}
