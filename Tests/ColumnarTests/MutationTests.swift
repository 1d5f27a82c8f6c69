import Testing
import Codecs
import Columnar
import TestSupport

/// Damaged files must give a typed error or exactly the original data; never a crash or a wrong answer.
@Suite struct MutationTests {
    struct Sample {
        let bytes: [UInt8]
        let batch: RecordBatch
        let predicate: Predicate
        let filtered: ScanBatch
        let pages: [PageMetadata]
    }

    static func samples() throws -> [Sample] {
        var gen = RandomData(seed: 99)
        var out: [Sample] = []
        for (k, compression) in ColumnarCompression.allCases.enumerated() {
            let schema = try Schema(DataType.allCases.enumerated().map {
                Field(name: "f\($0.offset)", id: Int32($0.offset + 1), type: $0.element, nullable: $0.offset % 2 == 0)
            })
            let batch = try gen.batch(schema, rows: 160, nullRate: 0.2)
            var o = ColumnarWriteOptions()
            o.compression = compression
            o.rowGroupRows = 80
            o.pageRows = 30 + k * 10
            o.bloomFilterColumns = ["f5", "f2"]
            // The json column's pages in the tokens encoding, so that damaged token tables and references are covered.
            o.forcedEncodings = ["f9": .tokens]
            let bytes = try ColumnarWriter.write([batch], schema: schema, options: o)
            let reader = try ColumnarReader(bytes: bytes)
            let predicate = Predicate.or(.ge("f2", batch.columns[2].value(at: 7)), .eq("f5", batch.columns[5].value(at: 3)))
            let filtered = try reader.readAll(columns: ["f1", "f5"], where: predicate)
            let pages = reader.metadata.rowGroups.flatMap { $0.columns.flatMap(\.pages) }
            out.append(Sample(bytes: bytes, batch: batch, predicate: predicate, filtered: filtered, pages: pages))
        }
        return out
    }

    enum Outcome { case error, original }

    /// Reads everything (and a filtered scan and a key probe); only typed errors (the reader's API throws
    /// nothing but `ColumnarError`) or the original data pass.
    static func check(_ bytes: [UInt8], _ s: Sample, deep: Bool) -> Outcome? {
        do throws(ColumnarError) {
            let reader = try ColumnarReader(bytes: bytes)
            guard try reader.readAll().batch == s.batch else { return nil }
            if deep {
                guard try reader.readAll(columns: ["f1", "f5"], where: s.predicate) == s.filtered else { return nil }
                _ = try reader.keyFilter(column: "f5").mightContain(s.batch.columns[5].value(at: 0))
            }
            return .original
        } catch {
            return .error
        }
    }

    @Test func rawMutationsGiveTypedErrorOrOriginalData() throws {
        var rng = SeededGenerator(seed: 1)
        var counts = [String: Int]()
        var failures: [String] = []
        func run(_ kind: String, _ bytes: [UInt8], _ s: Sample, deep: Bool = false) {
            counts[kind, default: 0] += 1
            if Self.check(bytes, s, deep: deep) == nil && failures.count < 5 { failures.append("\(kind) mutation accepted silently") }
        }
        for s in try Self.samples() {
            let n = s.bytes.count
            // Truncation at every length.
            for len in 0..<n { run("truncate", Array(s.bytes[0..<len]), s) }
            // Extension with garbage.
            run("extend", s.bytes + [0, 1, 2, 3], s)
            // Single bit flips.
            for i in 0..<2500 {
                var m = s.bytes
                let at = Int.random(in: 0..<n, using: &rng)
                m[at] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
                run("bitflip", m, s, deep: i % 4 == 0)
            }
            // Runs of random bytes.
            for i in 0..<1500 {
                var m = s.bytes
                let len = Int.random(in: 1...16, using: &rng)
                let at = Int.random(in: 0..<(n - len), using: &rng)
                for k in 0..<len { m[at + k] = UInt8.random(in: 0...255, using: &rng) }
                run("random bytes", m, s, deep: i % 4 == 0)
            }
            // Swapped pages: move page b in front of page a, keeping the file size.
            for _ in 0..<500 {
                let a = s.pages[Int.random(in: 0..<s.pages.count, using: &rng)]
                let b = s.pages[Int.random(in: 0..<s.pages.count, using: &rng)]
                guard a.offset < b.offset else { continue }
                var m = Array(s.bytes[0..<a.offset])
                m += s.bytes[b.offset..<(b.offset + b.length)]
                m += s.bytes[(a.offset + a.length)..<b.offset]
                m += s.bytes[a.offset..<(a.offset + a.length)]
                m += s.bytes[(b.offset + b.length)...]
                run("swap pages", m, s, deep: true)
            }
        }
        let total = counts.values.reduce(0, +)
        #expect(failures.isEmpty, "\(failures)")
        #expect(total >= 20_000, "\(counts)")
    }

    /// Mutations inside page bodies with the checksums recomputed reach the decoders: they must throw a typed
    /// error or decode something, never trap.
    @Test func checksummedBodyMutationsNeverCrash() throws {
        var rng = SeededGenerator(seed: 2)
        var outcomes = [String: Int]()
        for s in try Self.samples() {
            for _ in 0..<700 {
                let p = s.pages[Int.random(in: 0..<s.pages.count, using: &rng)]
                let bodyStart = p.offset + 28
                let bodyLength = p.length - 28
                guard bodyLength > 0 else { continue }
                var m = s.bytes
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    let at = bodyStart + Int.random(in: 0..<bodyLength, using: &rng)
                    if Bool.random(using: &rng) { m[at] ^= 1 << UInt8.random(in: 0..<8, using: &rng) } else { m[at] = UInt8.random(in: 0...255, using: &rng) }
                }
                Self.fixChecksums(&m, page: p)
                do throws(ColumnarError) {
                    let r = try ColumnarReader(bytes: m)
                    let all = try r.readAll()
                    outcomes[all.batch == s.batch ? "same" : "different", default: 0] += 1
                    #expect(all.batch.rowCount == s.batch.rowCount)
                } catch {
                    outcomes["error", default: 0] += 1
                }
            }
        }
        #expect((outcomes["error"] ?? 0) > 0)
    }

    /// Recomputes a page's body CRC and header CRC after its body was changed.
    static func fixChecksums(_ m: inout [UInt8], page p: PageMetadata) {
        let body = Array(m[(p.offset + 28)..<(p.offset + p.length)])
        write32(&m, at: p.offset + 20, CRC32C.checksum(body))
        var c = CRC32C()
        Array(m[p.offset..<(p.offset + 24)]).withUnsafeBytes { c.update($0) }
        withUnsafeBytes(of: UInt64(p.offset).littleEndian) { c.update($0) }
        write32(&m, at: p.offset + 24, c.value)
    }

    static func write32(_ m: inout [UInt8], at: Int, _ v: UInt32) {
        for k in 0..<4 { m[at + k] = UInt8(truncatingIfNeeded: v >> UInt32(8 * k)) }
    }

    @Test func errorsNameWhatAndWhere() throws {
        let s = try Self.samples()[0]
        var m = s.bytes
        m[m.count - 1] ^= 0xFF
        #expect(throws: ColumnarError.badMagic(what: "file trailer", offset: m.count - 4)) { try ColumnarReader(bytes: m) }
        m = s.bytes
        let p = s.pages[1]
        m[p.offset + 30] ^= 0x01
        do {
            _ = try ColumnarReader(bytes: m).readAll()
            Issue.record("corrupt page body was accepted")
        } catch let ColumnarError.checksumMismatch(what, offset, _, _) {
            #expect(what.hasPrefix("page 1 of column 'f0'") && offset == p.offset + 28)
        }
        #expect(throws: ColumnarError.truncated(what: "file", offset: 0, needed: 20, available: 5)) {
            try ColumnarReader(bytes: Array(s.bytes[0..<5]))
        }
    }
}
