import Columnar

/// Rows of one data file that a scan produced: the requested columns under their logical names, the file
/// they came from, and each row's position in that file (what deletion vectors refer to).
public struct TableScanBatch: Sendable {
    public let batch: RecordBatch
    public let file: AddFile
    public let rowPositions: [Int64]
}
