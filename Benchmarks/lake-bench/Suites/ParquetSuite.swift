import Columnar
import Foundation

/// The `parquet` suite: SwiftLake's Parquet writer and reader on the case dataset, single-threaded, zstd —
/// the workloads Benchmarks/peers/columnar_pyarrow.py runs on pyarrow.
enum ParquetSuite {
    static func run(_ context: BenchContext) throws -> [Figure] {
        let batch = try CaseBatch.all(context.dataset)
        let n = batch.rowCount
        let path = context.workDir + "/cases.parquet"
        var figures: [Figure] = []

        var size = 0
        let write = try context.harness.measure {
            size = try ParquetFileWriter.write(batch, to: path).byteCount
        }
        figures.append(Figure(suite: "parquet", workload: "write", seconds: write,
                              extra: ["rows_per_s": Double(n) / (write.min() ?? 1), "file_bytes": Double(size)]))

        var read = 0
        let scan = try context.harness.measure {
            read = try ParquetFileReader(path: path).read().rowCount
        }
        guard read == n else { throw BenchError.failed("parquet full scan read \(read) of \(n) rows") }
        figures.append(Figure(suite: "parquet", workload: "full scan", seconds: scan,
                              extra: ["rows_per_s": Double(n) / (scan.min() ?? 1)]))
        return figures
    }
}
