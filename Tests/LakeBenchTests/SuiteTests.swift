import Testing
import Foundation
@testable import lake_bench

/// Each suite runs end to end at a tiny size, so a change in the engine's API or behaviour that breaks the
/// benchmarks shows up in `swift test` rather than on the day someone measures.
@Suite struct SuiteTests {
    private func context(rows: Int) throws -> BenchContext {
        let dir = NSTemporaryDirectory() + "/lake-bench-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return BenchContext(dataset: CaseDataset(rows: rows), harness: Harness(runs: 1, warmup: false), workDir: dir)
    }

    @Test func columnarSuiteAtTinySize() async throws {
        let ctx = try context(rows: 400)
        defer { try? FileManager.default.removeItem(atPath: ctx.workDir) }
        let figures = try await Suites.run("columnar", ctx)
        #expect(figures.map(\.workload) == ["write", "write (in memory, then file)", "full scan",
                                             "projected+filtered scan (unsorted)", "projected+filtered scan (sorted)"])
        #expect(figures.allSatisfy { $0.seconds.count == 1 && $0.median > 0 })
        #expect((figures[0].extra["file_bytes"] ?? 0) > 1_000)
        // The 10% window over 400 rows matches 40 rows in both orders.
        #expect(figures[3].extra["rows_matched"] == 40)
        #expect(figures[4].extra["rows_matched"] == 40)
    }

    @Test func tableSuiteAtTinySize() async throws {
        let ctx = try context(rows: 300)
        defer { try? FileManager.default.removeItem(atPath: ctx.workDir) }
        let figures = try await Suites.run("table", ctx)
        let mutations = ["merge 30-row upsert", "5 x 6-row upserts, per commit", "delete 15 keys"]
        let compaction = ["optimize 10 small files", "vacuum 10 removed files"]
        #expect(figures.map(\.workload) == ["create 300-row table", "open latest of 20 commits (no checkpoint)",
                                            "open latest of 20 commits (checkpoint)", "open version 9"]
                + mutations + mutations.map { $0 + " (native files)" } + compaction + compaction.map { $0 + " (native files)" })
        #expect((figures[0].extra["table_bytes"] ?? 0) > 1_000)
        // The stream reports one latency per commit.
        #expect(figures[5].seconds.count == 5 && (figures[5].extra["p95_s"] ?? 0) >= figures[5].median)
    }

    @Test func unknownSuiteIsAnError() async throws {
        let ctx = try context(rows: 10)
        defer { try? FileManager.default.removeItem(atPath: ctx.workDir) }
        await #expect(throws: BenchError.self) { try await Suites.run("nope", ctx) }
    }

    @Test func statisticsOfFigures() {
        let f = Figure(suite: "s", workload: "w", seconds: [3, 1, 2, 10])
        #expect(f.median == 2.5 && f.min == 1 && f.max == 10)
        #expect(f.peakRSS > 0)
    }
}
