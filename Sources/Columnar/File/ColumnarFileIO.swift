#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file writes and removal, for callers that keep files on a local disk.
public enum ColumnarFileIO {
    /// Writes `bytes` to `path` (created or truncated) and fsyncs it.
    public static func write(_ bytes: [UInt8], to path: String) throws(ColumnarError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .io(path: path, detail: String(cString: strerror(errno))) }
        defer { close(fd) }
        var written = 0
        try bytes.withBytes { (raw: UnsafeRawBufferPointer) throws(ColumnarError) in
            // In slices, each handed to writeback once it is in the page cache: the disk writes while the rest
            // is copied, and the fsync waits for the last slice only.
            while written < raw.count {
                let n = min(writebackSlice, raw.count - written)
                try ColumnarFileWriter.put(UnsafeRawBufferPointer(rebasing: raw[written..<(written + n)]), fd: fd, path: path, at: &written)
            }
        }
        guard fsync(fd) == 0 else { throw .io(path: path, detail: String(cString: strerror(errno))) }
    }

    /// Bytes `write(_:to:)` hands to writeback at a time.
    static let writebackSlice = 8 << 20

    /// Writes `batches` (all of `schema`) as one file at `path`, streaming row group by row group
    /// (``ColumnarFileWriter``), and fsyncs it; returns the row groups' metadata.
    @discardableResult
    public static func write(_ batches: [RecordBatch], schema: Schema, options: ColumnarWriteOptions = ColumnarWriteOptions(),
                             to path: String) throws(ColumnarError) -> [RowGroupMetadata] {
        var w = try ColumnarFileWriter(path: path, schema: schema, options: options)
        for b in batches { try w.write(b) }
        return try w.finish()
    }

    public static func remove(_ path: String) throws(ColumnarError) {
        guard unlink(path) == 0 else { throw .io(path: path, detail: String(cString: strerror(errno))) }
    }
}
