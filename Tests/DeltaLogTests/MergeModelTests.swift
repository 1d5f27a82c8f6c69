import Testing
import TestSupport
import Foundation
@testable import DeltaLog
import Columnar

/// Random sequences of MERGE (every clause combination), DELETE, UPDATE and OPTIMIZE against a brute-force
/// model — a dictionary keyed by `_id` — with every version checked by time travel at the end.
@Suite struct MergeModelTests {
    typealias Row = MergeFixtures.Row

    /// 500 sequences of 20 operations, in 10 chunks that run in parallel.
    static let chunks = 10
    static let sequencesPerChunk = 50
    static let operationsPerSequence = 20

    @Test(arguments: 0..<MergeModelTests.chunks)
    func randomSequencesMatchTheModel(chunk: Int) throws {
        var checkedVersions = 0
        for i in 0..<Self.sequencesPerChunk {
            checkedVersions += try runSequence(seed: UInt64(chunk * Self.sequencesPerChunk + i))
        }
        print("merge model chunk \(chunk): \(Self.sequencesPerChunk) sequences, \(checkedVersions) versions checked")
    }

    /// The same on Parquet-format tables, where MERGE prunes files by Parquet's split-block bloom filters.
    static let parquetChunks = 2
    static let parquetSequencesPerChunk = 20

    @Test(arguments: 0..<MergeModelTests.parquetChunks)
    func randomSequencesOnParquetTablesMatchTheModel(chunk: Int) throws {
        var checkedVersions = 0
        for i in 0..<Self.parquetSequencesPerChunk {
            checkedVersions += try runSequence(seed: UInt64(100_000 + chunk * Self.parquetSequencesPerChunk + i), columnarFiles: false)
        }
        print("merge model parquet chunk \(chunk): \(Self.parquetSequencesPerChunk) sequences, \(checkedVersions) versions checked")
    }

    /// Returns how many versions were checked.
    func runSequence(seed: UInt64, columnarFiles: Bool = true) throws -> Int {
        var rng = SeededGenerator(seed: seed &* 7919 &+ 1)
        let dir = try ScratchDirectory()
        let table = DeltaTable(path: dir.path)
        // Small checkpoint interval and inline threshold so checkpoints and DV files both appear.
        try MergeFixtures.create(table, properties: ["delta.checkpointInterval": "5",
                                                     DeletionVectorStore.inlineThresholdProperty: String(Int.random(in: 0...64, using: &rng))],
                                 columnarFiles: columnarFiles)
        var model: [String: Row] = [:]
        var history: [Int64: [String: Row]] = [0: [:]]
        var clock: Int64 = 0
        func randomRow() -> (String, Row) {
            clock += 1
            let ts = Bool.random(using: &rng) ? clock : Int64.random(in: 0...clock, using: &rng)
            let del: Bool? = [nil, false, true].randomElement(using: &rng) ?? nil
            return ("k\(Int.random(in: 0..<24, using: &rng))", Row(ts: ts, v: Int64.random(in: 0..<100, using: &rng), del: del, p: Int32.random(in: 0..<3, using: &rng)))
        }
        let newer = MergeCondition.compare(source: "ts", .ge, target: "ts")
        let flagged = MergeCondition.source(.eq("del", .boolean(true)))
        let matchedChoices: [[MatchedClause]] = [
            [], [.update()], [.update(when: newer)], [.delete(when: flagged), .update(when: newer)],
            [.delete(when: flagged)], [.delete()], [.delete(when: .and(flagged, newer)), .update()],
        ]
        let notMatchedChoices: [NotMatchedClause?] = [nil, .insert(), .insert(when: .or(.isNull("del"), .eq("del", .boolean(false))))]
        for _ in 0..<Self.operationsPerSequence {
            let before = try table.latestVersion() ?? 0
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<6:
                let source = (0..<Int.random(in: 1...6, using: &rng)).map { _ in randomRow() }
                let matched = matchedChoices.randomElement(using: &rng) ?? []
                let notMatched = notMatchedChoices.randomElement(using: &rng) ?? nil
                let winner: String? = Bool.random(using: &rng) ? "ts" : nil
                let spec = MergeSpec(keyColumns: ["_id"], whenMatched: matched, whenNotMatched: notMatched, winnerColumn: winner)
                let distinct = Set(source.map(\.0)).count == source.count
                if winner == nil && !distinct {
                    #expect(throws: DeltaLogError.self) { try table.merge([try MergeFixtures.batch(source)], spec) }
                    continue
                }
                try table.merge([try MergeFixtures.batch(source)], spec)
                // The model: one winning source row per key (greatest ts, later on ties).
                var winners: [String: Row] = [:]
                for (id, r) in source where winners[id].map({ r.ts >= $0.ts }) ?? true { winners[id] = r }
                for (id, s) in winners {
                    if let t = model[id] {
                        for clause in matched {
                            let applies: Bool
                            switch clause {
                            case let .update(c), let .delete(c):
                                applies = c == nil || Self.holds(c, s, t)
                            }
                            guard applies else { continue }
                            if case .update = clause { model[id] = s } else { model[id] = nil }
                            break
                        }
                    } else if case let .insert(c)? = notMatched, c == nil || s.del != true {
                        model[id] = s
                    }
                }
            case 6:
                let ids = (0..<Int.random(in: 1...4, using: &rng)).map { _ in randomRow() }
                try table.delete(keys: try MergeFixtures.batch(ids), keyColumns: ["_id"])
                for (id, _) in ids { model[id] = nil }
            case 7:
                let limit = Int64.random(in: 0..<40, using: &rng)
                try table.delete(where: .lt("v", .int64(limit)))
                model = model.filter { $0.value.v >= limit }
            case 8:
                let p = Int32.random(in: 0..<3, using: &rng), value = Int64.random(in: 0..<100, using: &rng)
                try table.update(where: .eq("p", .int32(p)), set: ["v": .value(.int64(value))])
                for (id, r) in model where r.p == p { model[id]?.v = value }
            default:
                try table.optimize(OptimizeOptions(targetFileSize: Int64.random(in: 1...4096, using: &rng)))
            }
            let after = try table.latestVersion() ?? 0
            #expect(after == before + 1 || after == before, "seed \(seed)")
            history[after] = model
        }
        for (version, expected) in history {
            let (rows, duplicates) = try MergeFixtures.contents(table, version: version)
            #expect(duplicates.isEmpty, "seed \(seed) version \(version): duplicate keys \(duplicates)")
            #expect(rows == expected, "seed \(seed) version \(version)")
        }
        return history.count
    }

    /// The model's reading of the clause conditions used above.
    static func holds(_ c: MergeCondition?, _ s: Row, _ t: Row) -> Bool {
        guard let c else { return true }
        return c.evaluate(source: { name in value(s, name) }, target: { name in value(t, name) }) == true
    }

    static func value(_ r: Row, _ name: String) -> Value {
        switch name {
        case "ts": return .int64(r.ts)
        case "v": return .int64(r.v)
        case "del": return r.del.map(Value.boolean) ?? .null
        case "p": return .int32(r.p)
        default: return .null
        }
    }
}
