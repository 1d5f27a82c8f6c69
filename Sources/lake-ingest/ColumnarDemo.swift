import Columnar
import Foundation
import Ingest

/// The interim demo: builds a small synthetic CommCare case batch, writes it as one SwiftLake columnar file
/// under the warehouse, reads it back, checks every value, and looks one case up by `_id` through the file's
/// statistics and bloom filter. It stands in until the ingest pipeline's own demo exists.
struct ColumnarDemo {
    var warehouse: String
    var rows: Int

    func run() throws {
        let batch = try makeCases()
        let dir = warehouse + "/demo"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/cases.slc"
        var options = ColumnarWriteOptions()
        options.bloomFilterColumns = ["_id"]
        options.rowGroupRows = max(1, rows / 4)
        let t0 = Date()
        let bytes = try ColumnarWriter.write([batch], schema: batch.schema, options: options)
        try ColumnarFileIO.write(bytes, to: path)
        let wrote = Date().timeIntervalSince(t0)

        let reader = try ColumnarReader(path: path)
        let back = try reader.readAll()
        guard back.batch == batch else { throw DemoError.mismatch("the file read back differs from what was written") }
        let uncompressed = reader.metadata.rowGroups.flatMap(\.columns).reduce(0) { $0 + $1.uncompressedSize }

        print("lake-ingest demo: wrote \(rows) synthetic CommCare cases to \(path)")
        print("  \(bytes.count) bytes on disk, \(uncompressed) bytes of encoded column data before compression, "
              + String(format: "%.1f ms", wrote * 1000))
        print("  \(reader.metadata.rowGroups.count) row groups; bloom filter on _id; columns and their encodings:")
        if let first = reader.metadata.rowGroups.first {
            for (field, chunk) in zip(reader.schema.fields, first.columns) {
                let encodings = Set(chunk.encodings.map(\.description)).sorted().joined(separator: "+")
                print("    \(field.name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(field.type.description.padding(toLength: 9, withPad: " ", startingAt: 0)) \(encodings)")
            }
        }
        print("  read back \(back.batch.rowCount) rows: every value equal to what was written")

        // A point lookup: statistics and the bloom filter skip row groups; only the survivors are read.
        let key = CaseIDs.id(rows / 2)
        var scanner = try reader.scan(columns: ["_id", "case_type", "owner_id"], where: .eq("_id", .string(key)))
        var found: [Value] = []
        while let b = try scanner.next() {
            if b.batch.rowCount > 0 { found = b.batch.row(0) }
        }
        guard found.first == .string(key) else { throw DemoError.mismatch("lookup of \(key) found nothing") }
        print("  looked up _id = \(key): \(found.map(\.description).joined(separator: ", "))")
        print("    read \(scanner.bytesRead) of \(bytes.count) bytes; \(scanner.rowGroupsSkipped) of \(reader.metadata.rowGroups.count) row groups skipped")
        print("  inspect it: swift run deltalog inspect-file \(path)")
    }

    private func makeCases() throws -> RecordBatch {
        let schema = try Schema(columns: [
            ("_id", .string, false), ("domain", .string, false), ("case_type", .string, false),
            ("owner_id", .string, false), ("opened_on", .timestamp, false), ("month", .date, false),
            ("closed", .boolean, false), ("visits", .int64, false), ("weight_kg", .float64, true),
            ("village", .string, true),
        ])
        var builder = RecordBatchBuilder(schema: schema, capacity: rows)
        let domains = ["demo-health", "demo-nutrition", "demo-education"]
        let types = ["household", "person", "pregnancy", "child"]
        let villages = ["Kisumu", "Nakuru", "Mombasa", "Eldoret", "Thika"]
        let start: Int64 = 1_640_995_200_000_000  // 2022-01-01
        for i in 0..<rows {
            let opened = start + Int64(i) * 3_600_000_000 * 7
            let days = Int32(opened / 86_400_000_000)
            try builder.append(row: [
                .string(CaseIDs.id(i)), .string(domains[i % domains.count]), .string(types[(i / 3) % types.count]),
                .string("owner-\(i % 40)"), .timestamp(opened), .date(HQTime.firstOfMonth(days)),
                .boolean(i % 5 == 0), .int64(Int64(i % 17)), i % 11 == 0 ? .null : .float64(Double(30 + i % 600) / 10),
                i % 7 == 0 ? .null : .string(villages[i % villages.count]),
            ])
        }
        return try builder.finish()
    }
}

/// Deterministic ids for the demo data.
enum CaseIDs {
    static func id(_ i: Int) -> String {
        var z = UInt64(i) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        let hex = String(z, radix: 16)
        return "case-" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}

enum DemoError: Error, CustomStringConvertible {
    case mismatch(String)
    var description: String {
        switch self {
        case .mismatch(let m): return "demo check failed: \(m)"
        }
    }
}
