import Foundation
import Testing
import TestSupport
@testable import Columnar

/// Files written by pyarrow with every type, codec, encoding and page version are read back value-exactly.
@Suite struct ParquetReadInteropTests {
    @Test func pyarrowFilesReadExactly() throws {
        guard try ParquetPyarrow.available() else { return }
        let dir = try TemporaryDirectory("parquet-read")
        try ParquetPyarrow.python([ParquetPyarrow.fixtureDirectory + "/make_fixtures.py", dir.path])
        let manifestData = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/expected.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: manifestData) as? [String: [String: Any]])
        #expect(manifest.count >= 15)
        for (file, spec) in manifest.sorted(by: { $0.key < $1.key }) {
            let reader = try ParquetFileReader(path: dir.path + "/" + file)
            let batch = try reader.read()
            #expect(batch.rowCount == spec["rows"] as? Int, "\(file)")
            let columns = try #require(spec["columns"] as? [String: [Any]])
            #expect(batch.schema.count == columns.count, "\(file)")
            for (name, values) in columns {
                let column = try #require(batch.column(named: name), "\(file): no column \(name)")
                var mismatches = 0
                for (i, expected) in values.enumerated() {
                    let actual = ParquetPyarrow.canonical(column, i)
                    if let wrapped = expected as? [String: Any], let json = wrapped["json"] {
                        if column.isNull(i) {
                            if !(json is NSNull) { mismatches += 1 }
                            continue
                        }
                        let text = actual as? String ?? ""
                        let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
                        if !((parsed as? NSObject)?.isEqual(json) ?? false) {
                            if mismatches < 3 { Issue.record("\(file) \(name)[\(i)]: \(text) != \(json)") }
                            mismatches += 1
                        }
                    } else if !((actual as? NSObject)?.isEqual(expected) ?? false) {
                        if mismatches < 3 { Issue.record("\(file) \(name)[\(i)]: \(actual) != \(expected)") }
                        mismatches += 1
                    }
                }
                #expect(mismatches == 0, "\(file) \(name): \(mismatches) mismatches")
            }
            // pyarrow's bloom filters hold every value: the same hashing and block layout as ours.
            for name in spec["bloom"] as? [String] ?? [] {
                let column = try #require(batch.column(named: name))
                for g in 0..<reader.rowGroupCount {
                    let filter = try #require(try reader.bloomFilter(rowGroup: g, column: name), "\(file) \(name)")
                    let first = reader.firstRow(ofRowGroup: g)
                    var missing = 0
                    for i in first..<first + reader.rowCount(ofRowGroup: g)
                    where !column.isNull(i) && !filter.mightContain(column.value(at: i)) {
                        missing += 1
                    }
                    #expect(missing == 0, "\(file) \(name): \(missing) values missing from the bloom filter")
                }
            }
        }
    }
}
