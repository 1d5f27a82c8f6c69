import Foundation
import Testing
import TestSupport
@testable import Columnar

/// Files SwiftLake writes are read by pyarrow value-exactly, with field ids, statistics and bloom filters.
@Suite struct ParquetWriteInteropTests {
    static let variants: [(String, ParquetWriteOptions)] = {
        var out: [(String, ParquetWriteOptions)] = [("default", ParquetWriteOptions())]
        for (name, c) in [("none", ParquetWriteOptions.Compression.uncompressed), ("snappy", .snappy), ("gzip", .gzip),
                          ("lz4", .lz4Raw)] {
            var o = ParquetWriteOptions()
            o.compression = c
            out.append((name, o))
        }
        var v2 = ParquetWriteOptions()
        v2.dataPageV2 = true
        v2.pageRows = 700
        v2.rowGroupRows = 1500
        out.append(("v2-small-pages", v2))
        var plain = ParquetWriteOptions()
        plain.dictionary = false
        plain.deltaIntegers = false
        out.append(("plain", plain))
        var keyed = ParquetWriteOptions()
        keyed.bloomFilterColumns = ["id", "big"]
        keyed.pageRows = 1000
        out.append(("bloom", keyed))
        return out
    }()

    @Test func pyarrowReadsWhatSwiftLakeWrites() throws {
        guard try ParquetPyarrow.available() else { return }
        let dir = try TemporaryDirectory("parquet-write")
        let batch = try ParquetTestData.batch(rows: 4000)
        var paths: [String] = []
        for (name, options) in Self.variants {
            let path = dir.path + "/\(name).parquet"
            try ParquetFileWriter.write(batch, to: path, options: options)
            paths.append(path)
        }
        let empty = dir.path + "/empty.parquet"
        try ParquetFileWriter.write(batch.slice(0..<0), to: empty)
        paths.append(empty)
        let output = try ParquetPyarrow.python([ParquetPyarrow.fixtureDirectory + "/read_back.py"] + paths)
        let result = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: [String: Any]])
        for path in paths {
            let file = try #require(result[path], "\(path) not read")
            let expected = path == empty ? batch.slice(0..<0) : batch
            #expect(file["rows"] as? Int == expected.rowCount, "\(path)")
            let fields = try #require(file["fields"] as? [String: [String: Any]])
            for f in batch.schema.fields {
                #expect(fields[f.name]?["field_id"] as? Int == Int(f.id), "\(path) \(f.name) field id")
                #expect(fields[f.name]?["nullable"] as? Bool == f.nullable, "\(path) \(f.name) nullable")
            }
            #expect(fields["at"]?["type"] as? String == "timestamp[us, tz=UTC]")
            #expect(fields["day"]?["type"] as? String == "date32[day]")
            let chunks = try #require(file["chunks"] as? [[String: Any]])
            if path.hasSuffix("default.parquet") {
                let id = try #require(chunks.first { $0["column"] as? String == "category" })
                #expect((id["encodings"] as? [String])?.contains("RLE_DICTIONARY") == true)
                let seq = try #require(chunks.first { $0["column"] as? String == "seq" })
                #expect((seq["encodings"] as? [String])?.contains("DELTA_BINARY_PACKED") == true)
                #expect(id["compression"] as? String == "ZSTD")
            }
            if path.hasSuffix("bloom.parquet") {
                #expect(chunks.filter { $0["bloom"] as? Bool == true }.count == 2)
            }
            if path != empty {
                #expect(chunks.allSatisfy { $0["null_count"] is Int })
                #expect(chunks.first { $0["column"] as? String == "big" }?["has_min_max"] as? Bool == true)
            }
            let columns = try #require(file["columns"] as? [String: [Any]])
            for (i, f) in expected.schema.fields.enumerated() {
                let values = try #require(columns[f.name], "\(path): \(f.name) missing")
                #expect(values.count == expected.rowCount)
                var mismatches = 0
                for (r, v) in values.enumerated() {
                    let mine = ParquetPyarrow.canonical(expected.columns[i], r)
                    if !((mine as? NSObject)?.isEqual(v) ?? false) {
                        if mismatches < 3 { Issue.record("\(path) \(f.name)[\(r)]: pyarrow \(v), wrote \(mine)") }
                        mismatches += 1
                    }
                }
                #expect(mismatches == 0, "\(path) \(f.name)")
            }
        }
    }
}
