#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Positioned reads and whole-file writes through POSIX calls, with errors as `ParquetError.io`.
enum FileIO {
    private static func failure(_ path: String, _ what: String) -> ParquetError {
        .io(path: path, detail: "\(what): \(String(cString: strerror(errno)))")
    }

    /// The size of the file at `path`.
    static func size(_ path: String) throws(ParquetError) -> Int {
        var st = stat()
        guard stat(path, &st) == 0 else { throw failure(path, "stat") }
        return Int(st.st_size)
    }

    /// Reads `count` bytes at `offset`; fails if the file is shorter.
    static func read(_ path: String, offset: Int, count: Int) throws(ParquetError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw failure(path, "open") }
        defer { close(fd) }
        return try read(fd: fd, path: path, offset: offset, count: count)
    }

    static func read(fd: Int32, path: String, offset: Int, count: Int) throws(ParquetError) -> [UInt8] {
        guard offset >= 0, count >= 0 else { throw ParquetError.io(path: path, detail: "bad range \(offset)+\(count)") }
        var failed = false
        let out = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < count {
                let n = pread(fd, buffer.baseAddress.map { $0 + done }, count - done, off_t(offset + done))
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { failed = true; break }
                done += n
            }
            initialized = done
        }
        if failed || out.count != count {
            throw ParquetError.io(path: path, detail: "short read of \(count) bytes at \(offset)")
        }
        return out
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
