#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file writes through POSIX calls, with errors as `ParquetError.io`.
enum FileIO {
    private static func failure(_ path: String, _ what: String) -> ParquetError {
        .io(path: path, detail: "\(what): \(String(cString: strerror(errno)))")
    }

    /// Writes `chunks` to a new file at `path` (replacing any), then, with `sync`, flushes it to storage.
    static func writeFile(_ path: String, _ chunks: [[UInt8]], sync: Bool) throws(ParquetError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw failure(path, "open") }
        defer { close(fd) }
        for chunk in chunks {
            var done = 0
            while done < chunk.count {
                let n = chunk.withUnsafeBytes { raw in
                    write(fd, raw.baseAddress.map { $0 + done }, chunk.count - done)
                }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw failure(path, "write") }
                done += n
            }
        }
        if sync { guard fsync(fd) == 0 else { throw failure(path, "fsync") } }
    }
}
