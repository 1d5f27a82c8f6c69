import Ingest

/// The deterministic benchmark dataset: row `i` depends only on the seed and `i`.
///
/// Row order is by `i` (so `server_modified_on` is unsorted); `sortedOrder()` gives the "sorted" variant's
/// permutation by `server_modified_on`. Upsert and delete batches are derived from their batch number.
struct CaseDataset {
    static let defaultSeed: UInt64 = 0x5EED_CA5E
    static let columnCount = 34

    let rows: Int
    let seed: UInt64

    init(rows: Int, seed: UInt64 = CaseDataset.defaultSeed) {
        self.rows = rows
        self.seed = seed
    }

    // 2021-01-01T00:00:00Z and 2023-01-01T00:00:00Z in microseconds.
    static let start: Int64 = 1_609_459_200_000_000
    static let end: Int64 = 1_672_531_200_000_000
    static let day: Int64 = 86_400_000_000

    static let domains = ["icds-cas", "mwanzo-health", "kenya-ihp", "ghana-nutrition", "nepal-mch"]
    static let caseTypes = ["person", "household", "pregnancy", "child", "visit", "referral", "commcare-user", "task"]
    static let owners = hexIDs(count: 2_000, salt: 1)
    static let users = hexIDs(count: 5_000, salt: 2)
    static let supervisors = hexIDs(count: 500, salt: 3)
    static let vocabulary: [String] = {
        let onsets = ["b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "ch", "sh", "tr", "br"]
        let vowels = ["a", "e", "i", "o", "u"]
        let codas = ["", "n", "r", "l", "s", "m", "t", "ng", "k", "sh"]
        var words: [String] = []
        var rng = SplitMix64(seed: 0xB0CA)
        while words.count < 1_000 {
            let syllables = 1 + rng.below(3)
            var w = ""
            for _ in 0..<syllables {
                w += onsets[rng.below(onsets.count)] + vowels[rng.below(vowels.count)] + codas[rng.below(codas.count)]
            }
            if !words.contains(w) { words.append(w) }
        }
        return words
    }()

    private static func hexIDs(count: Int, salt: UInt64) -> [String] {
        (0..<count).map { k in
            let a = SplitMix64.mix(UInt64(k) &+ salt << 40)
            let b = SplitMix64.mix(a ^ salt)
            return hex(a, width: 16) + hex(b, width: 16)
        }
    }

    static func hex(_ v: UInt64, width: Int) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// The 36-character UUID-like id of row `i` (unique: `mix` is a bijection).
    static func id(_ i: Int) -> String {
        let a = SplitMix64.mix(UInt64(i))
        let b = SplitMix64.mix(a)
        let h = hex(a, width: 16) + hex(b, width: 16)
        let u = Array(h.utf8)
        func part(_ r: Range<Int>) -> String { String(decoding: u[r], as: UTF8.self) }
        return part(0..<8) + "-" + part(8..<12) + "-" + part(12..<16) + "-" + part(16..<20) + "-" + part(20..<32)
    }

    /// Row `i` of the table.
    func row(_ i: Int) -> CaseRow {
        var rng = SplitMix64(seed: seed ^ SplitMix64.mix(UInt64(i) &* 0x2545_F491_4F6C_DD1D))
        let openedOn = CaseDataset.start + Int64(rng.unit() * Double(CaseDataset.end - CaseDataset.start))
        let modifiedOn = openedOn + Int64(rng.unit() * Double(180 * CaseDataset.day))
        let serverModifiedOn = modifiedOn + Int64(rng.unit() * 3_600_000_000)
        let closed = rng.below(5) == 0
        var row = CaseRow(
            id: CaseDataset.id(i),
            domain: CaseDataset.domains[rng.below(CaseDataset.domains.count)],
            type: CaseDataset.caseTypes[rng.below(CaseDataset.caseTypes.count)],
            ownerID: CaseDataset.owners[rng.below(CaseDataset.owners.count)],
            userID: CaseDataset.users[rng.below(CaseDataset.users.count)],
            supervisorID: CaseDataset.supervisors[rng.below(CaseDataset.supervisors.count)],
            openedOn: openedOn, modifiedOn: modifiedOn, serverModifiedOn: serverModifiedOn,
            closed: closed, closedOn: closed ? modifiedOn : nil,
            name: CaseDataset.name(&rng),
            externalID: nil,
            month: CaseDataset.firstOfMonth(openedOn),
            p: [], n: [], d: [], t: [])
        if rng.below(2) == 0 {
            let digits = String(rng.below(100_000_000))
            row.externalID = "EXT-" + String(repeating: "0", count: 8 - digits.count) + digits
        }
        CaseDataset.fillProperties(&row, &rng, i: i)
        for _ in 0..<2 {
            row.t.append(rng.below(10) < 3 ? nil : CaseDataset.text(&rng))
        }
        return row
    }

    /// `case__p*` and `case__n*`, the values an upsert changes.
    private static func fillProperties(_ row: inout CaseRow, _ rng: inout SplitMix64, i: Int) {
        row.p = (0..<10).map { k in "val_\(k)_\(rng.below(3 + 2 * k))" }
        row.n = [Int64(rng.below(101)), Int64(rng.below(21)), Int64(rng.below(1_000_001)),
                 Int64(rng.below(2_001)) - 1_000, Int64((i &* 7_919) % 1_000_000_000)]
        row.d = [Double(20 + rng.below(1_181)) / 10, Double(400 + rng.below(1_601)) / 10, rng.unit() * 180 - 90]
    }

    private static func name(_ rng: inout SplitMix64) -> String {
        while true {
            let first = vocabulary[rng.below(vocabulary.count)]
            let last = vocabulary[rng.below(vocabulary.count)]
            let n = first.prefix(1).uppercased() + first.dropFirst() + " " + last.prefix(1).uppercased() + last.dropFirst()
            if n.utf8.count >= 8 && n.utf8.count <= 24 { return n }
        }
    }

    private static func text(_ rng: inout SplitMix64) -> String {
        let target = 50 + rng.below(151)
        var s = ""
        while s.utf8.count < target {
            if !s.isEmpty { s += " " }
            s += vocabulary[rng.below(vocabulary.count)]
        }
        return String(s.utf8.prefix(target)) ?? s
    }

    /// Days since epoch of the first day of the month containing `micros` (UTC), by the same calendar
    /// code the ingest pipeline uses for its `month` column.
    static func firstOfMonth(_ micros: Int64) -> Int32 {
        HQTime.firstOfMonth(Int32(micros / day))
    }

    /// Row indices ordered by `server_modified_on` (ties by index): the "sorted" variant.
    func sortedOrder() -> [Int] {
        let keys = (0..<rows).map { row($0).serverModifiedOn }
        return (0..<rows).sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
    }

    /// Upsert batch `b` of `k` rows: k/2 existing ids (random, with new modified times, properties and
    /// numbers) followed by k/2 new ids that continue after the table and earlier batches.
    func upsertBatch(_ b: Int, size k: Int) -> [CaseRow] {
        var rng = SplitMix64(seed: seed ^ 0x0B5E_47 ^ SplitMix64.mix(UInt64(b)))
        var out: [CaseRow] = []
        out.reserveCapacity(k)
        var seen = Set<Int>()
        while out.count < k / 2 && seen.count < rows {
            let i = rng.below(rows)
            guard seen.insert(i).inserted else { continue }
            var r = row(i)
            r.modifiedOn = r.modifiedOn + Int64(1 + rng.below(30)) * CaseDataset.day
            r.serverModifiedOn = r.modifiedOn + Int64(rng.unit() * 3_600_000_000)
            if r.closed { r.closedOn = r.modifiedOn }
            CaseDataset.fillProperties(&r, &rng, i: i)
            out.append(r)
        }
        let firstNew = rows + b * (k - k / 2)
        for j in 0..<(k - k / 2) { out.append(row(firstNew + j)) }
        return out
    }

    /// Delete batch `b`: `k` distinct existing ids.
    func deleteBatch(_ b: Int, size k: Int) -> [String] {
        var rng = SplitMix64(seed: seed ^ 0xDE1E7E ^ SplitMix64.mix(UInt64(b)))
        var seen = Set<Int>()
        var out: [String] = []
        while out.count < min(k, rows) {
            let i = rng.below(rows)
            if seen.insert(i).inserted { out.append(CaseDataset.id(i)) }
        }
        return out
    }
}
