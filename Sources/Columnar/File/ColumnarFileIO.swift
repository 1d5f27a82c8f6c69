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
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { raw in Glibc.write(fd, raw.baseAddress.map { $0 + done }, bytes.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw .io(path: path, detail: String(cString: strerror(errno))) }
            done += n
        }
        guard fsync(fd) == 0 else { throw .io(path: path, detail: String(cString: strerror(errno))) }
    }

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
