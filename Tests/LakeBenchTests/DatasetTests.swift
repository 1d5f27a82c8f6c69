import Testing
import Foundation
@testable import lake_bench
import Columnar

/// The benchmark dataset must be exactly reproducible and match the documented distributions,
/// or SwiftLake and the peers would be measured on different data.
@Suite struct DatasetTests {
    let ds = CaseDataset(rows: 5_000)

    @Test func rowsAreDeterministicAndIdsUnique() {
        let again = CaseDataset(rows: 5_000)
        var ids = Set<String>()
        for i in 0..<ds.rows {
            let r = ds.row(i)
            #expect(r == again.row(i))
            #expect(r.id.utf8.count == 36)
            ids.insert(r.id)
        }
        #expect(ids.count == ds.rows)
        #expect(CaseDataset(rows: 10, seed: 1).row(0) != ds.row(0))
    }

    @Test func valuesFollowTheDocumentedDistributions() {
        var closed = 0, externalNull = 0, textNull = 0
        var owners = Set<String>(), p9 = Set<String>()
        for i in 0..<ds.rows {
            let r = ds.row(i)
            #expect(r.openedOn >= CaseDataset.start && r.openedOn < CaseDataset.end)
            #expect(r.modifiedOn >= r.openedOn && r.modifiedOn - r.openedOn <= 180 * CaseDataset.day)
            #expect(r.serverModifiedOn >= r.modifiedOn && r.serverModifiedOn - r.modifiedOn <= 3_600_000_000)
            #expect(r.closedOn == (r.closed ? r.modifiedOn : nil))
            #expect((8...24).contains(r.name.utf8.count))
            #expect(r.p.count == 10 && r.n.count == 5 && r.d.count == 3 && r.t.count == 2)
            #expect(r.n[4] == Int64((i * 7_919) % 1_000_000_000))
            #expect((0...100).contains(r.n[0]) && (-1_000...1_000).contains(r.n[3]))
            #expect((2.0...120.0).contains(r.d[0]) && (-90.0...90.0).contains(r.d[2]))
            for t in r.t { if let t { #expect((50...200).contains(t.utf8.count)) } else { textNull += 1 } }
            if let e = r.externalID { #expect(e.hasPrefix("EXT-") && e.utf8.count == 12) } else { externalNull += 1 }
            if r.closed { closed += 1 }
            owners.insert(r.ownerID)
            p9.insert(r.p[9])
            // month is the first day of opened_on's month.
            let (y, m, _) = civil(fromDays: Int(r.openedOn / CaseDataset.day))
            #expect(Int(r.month) == daysFromCivil(y, m, 1))
        }
        #expect((800...1_200).contains(closed))
        #expect((2_200...2_800).contains(externalNull))
        #expect((2_700...3_300).contains(textNull))
        #expect(owners.count > 1_500 && owners.count <= 2_000)
        #expect(p9.count == 21)
        #expect(civil(fromDays: 0) == (1970, 1, 1))
        #expect(daysFromCivil(2024, 2, 29) == 19_782)
    }

    @Test func upsertAndDeleteBatches() {
        let batch = ds.upsertBatch(3, size: 500)
        #expect(batch.count == 500)
        let existing = Set((0..<ds.rows).map { CaseDataset.id($0) })
        #expect(batch.prefix(250).allSatisfy { existing.contains($0.id) })
        #expect(batch.suffix(250).allSatisfy { !existing.contains($0.id) })
        #expect(Set(batch.map(\.id)).count == 500)
        #expect(ds.upsertBatch(3, size: 500) == batch)
        #expect(Set(ds.upsertBatch(4, size: 500).suffix(250).map(\.id)).isDisjoint(with: batch.map(\.id)))
        let deletes = ds.deleteBatch(0, size: 100)
        #expect(Set(deletes).count == 100 && deletes.allSatisfy { existing.contains($0) })
    }

    @Test func sortedVariantIsAPermutationOrderedByServerModifiedOn() {
        let small = CaseDataset(rows: 500)
        let order = small.sortedOrder()
        #expect(Set(order).count == 500)
        let keys = order.map { small.row($0).serverModifiedOn }
        #expect(keys == keys.sorted())
    }

    @Test func ndjsonRoundTripsThroughAJSONParser() throws {
        let small = CaseDataset(rows: 50)
        var bytes: [UInt8] = []
        for i in 0..<50 { NDJSONExport.append(small.row(i), to: &bytes) }
        let lines = bytes.split(separator: UInt8(ascii: "\n"))
        #expect(lines.count == 50)
        for (i, line) in lines.enumerated() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            let r = small.row(i)
            #expect(object.count == CaseDataset.columnCount)
            #expect(Set(object.keys) == Set(NDJSONExport.columns))
            #expect(object["_id"] as? String == r.id)
            #expect((object["server_modified_on"] as? NSNumber)?.int64Value == r.serverModifiedOn)
            // Foundation's JSON parser rounds doubles on Linux; check the text is the exact shortest form instead.
            let text = String(decoding: line, as: UTF8.self)
            #expect(text.contains("\"case__d2\":\(r.d[2]),") && Double("\(r.d[2])") == r.d[2])
            #expect(object["case__t0"] as? String == r.t[0])
            #expect((object["external_id"] is NSNull) == (r.externalID == nil))
        }
    }
}

@Suite struct CaseBatchTests {
    @Test func batchHoldsTheRowsExactly() throws {
        let ds = CaseDataset(rows: 300)
        let batch = try CaseBatch.all(ds)
        #expect(batch.rowCount == 300)
        #expect(batch.schema.count == CaseDataset.columnCount)
        #expect(batch.schema.fields.map(\.name) == NDJSONExport.columns)
        for i in [0, 1, 150, 299] {
            let r = ds.row(i)
            let row = batch.row(i)
            #expect(row[0] == .string(r.id))
            #expect(row[8] == .timestamp(r.serverModifiedOn))
            #expect(row[10] == (r.closedOn.map { Value.timestamp($0) } ?? .null))
            #expect(row[13] == .date(r.month))
            #expect(row[28] == .int64(r.n[4]))
            #expect(row[31] == .float64(r.d[2]))
        }
        let sorted = try CaseBatch.all(ds, sorted: true)
        #expect(sorted.rowCount == 300)
    }
}

/// An independent reference calendar (Howard Hinnant's algorithms) to check the dataset's `month` against.
private func civil(fromDays z0: Int) -> (Int, Int, Int) {
    let z = z0 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
}

private func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
    let y = m <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
}
