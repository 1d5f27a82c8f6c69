#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CShims

/// Writes a columnar file straight to disk, one row group at a time: the same bytes as ``ColumnarWriter``
/// followed by ``ColumnarFileIO/write(_:to:)``, but memory holds one row group's encoded bytes (in a buffer
/// reused for the next) instead of the whole file, and the disk writes back each row group while the next
/// one is encoded. `finish()` fsyncs. A writer dropped without `finish()` leaves an incomplete file, which
/// readers reject (it has no trailer).
public struct ColumnarFileWriter: ~Copyable {
    public let path: String
    private var writer: ColumnarWriter
    private let fd: Int32
    private var written = 0

    /// Creates (or truncates) `path`.
    public init(path: String, schema: Schema, options: ColumnarWriteOptions = ColumnarWriteOptions()) throws(ColumnarError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .io(path: path, detail: String(cString: strerror(errno))) }
        self.path = path
        self.fd = fd
        writer = ColumnarWriter(schema: schema, options: options)
    }

    deinit { close(fd) }

    /// Adds rows; `batch.schema` must equal the writer's schema. Every completed row group goes to disk.
    public mutating func write(_ batch: RecordBatch) throws(ColumnarError) {
        var offset = 0
        repeat {
            // Feed at most what completes the pending row group, so that each row group is drained on its own.
            let take = min(batch.rowCount - offset, writer.rowGroupRows - writer.pendingRowCount)
            try writer.write(offset == 0 && take == batch.rowCount ? batch : batch.slice(offset..<(offset + take)))
            offset += take
            try drain()
        } while offset < batch.rowCount
    }

    /// Writes the rest, the footer and the trailer, fsyncs and closes; returns the file's metadata.
    public consuming func finish() throws(ColumnarError) -> [RowGroupMetadata] {
        let tail = try writer.finish()
        let fd = self.fd, path = self.path
        var written = self.written
        try tail.withBytes { (raw: UnsafeRawBufferPointer) throws(ColumnarError) in try Self.put(raw, fd: fd, path: path, at: &written) }
        guard fsync(fd) == 0 else { throw .io(path: path, detail: String(cString: strerror(errno))) }
        return writer.writtenRowGroups
    }

    private mutating func drain() throws(ColumnarError) {
        let fd = self.fd, path = self.path
        var written = self.written
        try writer.drain { (raw: UnsafeRawBufferPointer) throws(ColumnarError) in try Self.put(raw, fd: fd, path: path, at: &written) }
        self.written = written
    }

    /// Writes all of `raw` at the file's end (offset `at`, advanced) and starts its writeback.
    static func put(_ raw: UnsafeRawBufferPointer, fd: Int32, path: String, at written: inout Int) throws(ColumnarError) {
        var done = 0
        while done < raw.count {
            let n = Glibc.write(fd, raw.baseAddress.map { $0 + done }, raw.count - done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw .io(path: path, detail: String(cString: strerror(errno))) }
            done += n
        }
        // Start writing this row group back now, so that the final fsync waits for little (a hint: errors
        // here are left to fsync).
        if raw.count > 0 { _ = swiftlake_start_writeback(fd, Int64(written), Int64(raw.count)) }
        written += raw.count
    }
}
