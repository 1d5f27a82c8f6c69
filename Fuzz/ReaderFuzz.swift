// libFuzzer target for the columnar reader. Built by Fuzz/run (not part of `swift build`).
@testable import Columnar

#if canImport(Glibc)
import Glibc
#endif

/// Seeds: when SLC_FUZZ_SEEDS names a directory, valid files are written there once at start-up.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    guard let dir = getenv("SLC_FUZZ_SEEDS").map({ String(cString: $0) }) else { return 0 }
    for (i, bytes) in FuzzSeeds.files().enumerated() {
        // Mode byte 0 = whole file.
        try? ColumnarFileIO.write([0] + bytes, to: "\(dir)/seed-\(i)")
    }
    return 0
}

/// The first byte picks what is fuzzed: 0 whole files (checksums on, as in production), 1 footers and
/// 2 page bodies (both fed to the parsers directly, past the checksums, to reach deep validation).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    switch data[0] % 3 {
    case 0:
        guard let reader = try? ColumnarReader(bytes: bytes) else { return 0 }
        _ = try? reader.readAll()
        if let first = reader.schema.fields.first {
            _ = try? reader.readAll(columns: [first.name], where: .isNotNull(first.name))
            _ = try? reader.keyFilter(column: first.name).mightContain(.string("x"))
        }
    case 1:
        _ = try? bytes.withBytes { raw throws(ColumnarError) in try FooterCodec.decode(raw, offset: 0, dataEnd: 1 << 20) }
    default:
        guard bytes.count >= 4 else { return 0 }
        let type = DataType.allCases[Int(bytes[0]) % DataType.allCases.count]
        let encoding = PageEncoding.allCases[Int(bytes[1]) % PageEncoding.allCases.count]
        let rows = Int(bytes[2]) * 4
        let nulls = min(rows, Int(bytes[3]))
        var b = ColumnBuilder(type: type)
        let dictionary: DecodedDictionary? = type == .boolean ? nil : DecodedDictionary(FuzzSeeds.dictionary(type))
        _ = try? Array(bytes[4...]).withBytes { raw throws(ColumnarError) in
            var r = ByteReader(raw, base: 0, what: "fuzz page")
            guard encoding.applies(to: type) else { return }
            try ValueDecoder.decodePage(&r, encoding: encoding, rows: rows, nulls: nulls, dictionary: dictionary, into: &b)
            _ = b.finish()
        }
    }
    return 0
}

enum FuzzSeeds {
    static func dictionary(_ type: DataType) -> Column {
        var b = ColumnBuilder(type: type)
        for i in 0..<5 {
            switch type {
            case .boolean: try? b.append(boolean: i % 2 == 0)
            case .int32: try? b.append(int32: Int32(i))
            case .date: try? b.append(date: Int32(i))
            case .int64: try? b.append(int64: Int64(i))
            case .timestamp: try? b.append(timestamp: Int64(i))
            case .float32: try? b.append(float32: Float(i))
            case .float64: try? b.append(float64: Double(i))
            case .string, .json: try? b.append(string: "v\(i)")
            case .binary: try? b.append(binary: [UInt8(i)])
            }
        }
        return b.finish()
    }

    static func files() -> [[UInt8]] {
        var out: [[UInt8]] = []
        guard let schema = try? Schema(DataType.allCases.enumerated().map {
            Field(name: "f\($0.offset)", id: Int32($0.offset + 1), type: $0.element, nullable: true)
        }) else { return [] }
        // 60 rows reach dictionaries, several pages and row groups; 1 and 3 rows reach the paths of the tiny
        // files an ingest writes by the thousand (no dictionary, no tokens, one page).
        for (rows, compression) in [60, 3, 1].flatMap({ n in ColumnarCompression.allCases.map { (n, $0) } }) {
            var b = RecordBatchBuilder(schema: schema)
            for i in 0..<rows {
                let row: [Value] = schema.fields.map { f in
                    // Tiny files get nulls in every other column, as one-row ingest files have.
                    if rows < 7 ? (Int(f.id) + i) % 2 == 0 : i % 7 == 3 { return .null }
                    switch f.type {
                    case .boolean: return .boolean(i % 3 == 0)
                    case .int32: return .int32(Int32(i * 3))
                    case .date: return .date(Int32(i % 4))
                    case .int64: return .int64(Int64(i) << 20)
                    case .timestamp: return .timestamp(Int64(i) * 1_000_000)
                    case .float32: return .float32(Float(i) / 3)
                    case .float64: return .float64(Double(i % 5))
                    case .string: return .string("s\(i % 9)")
                    case .json: return .string("{\"k\":\(i)}")
                    case .binary: return .binary([UInt8(i), 1])
                    }
                }
                try? b.append(row: row)
            }
            var o = ColumnarWriteOptions()
            o.compression = compression
            o.rowGroupRows = 25
            o.pageRows = 10
            o.bloomFilterColumns = ["f0", "f5"]
            if let batch = try? b.finish(), let bytes = try? ColumnarWriter.write([batch], schema: schema, options: o) {
                out.append(bytes)
            }
        }
        return out
    }
}
