import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file writes that a reader or a crash never sees half done: write a temporary file in the same
/// directory, fsync it, rename it over the target, fsync the directory.
enum AtomicFile {
    static func write(_ data: Data, to path: String) throws(MetastoreError) {
        let dir = (path as NSString).deletingLastPathComponent
        let temp = dir + "/.tmp-\(UInt64.random(in: 0...UInt64.max))"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: temp, operation: "create", errno: errno) }
        var failure: MetastoreError?
        data.withUnsafeBytes { (buf: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buf.count, let base = buf.baseAddress {
                let n = posixWrite(fd, base + offset, buf.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = .io(path: temp, operation: "write", errno: errno)
                    return
                }
                offset += n
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = .io(path: temp, operation: "fsync", errno: errno) }
        close(fd)
        if let failure {
            unlink(temp)
            throw failure
        }
        guard rename(temp, path) == 0 else {
            let e = errno
            unlink(temp)
            throw .io(path: path, operation: "rename", errno: e)
        }
        try syncDirectory(dir)
    }

    static func read(_ path: String) throws(MetastoreError) -> Data? {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            if errno == ENOENT || !FileManager.default.fileExists(atPath: path) { return nil }
            throw .io(path: path, operation: "open", errno: errno)
        }
        defer { try? handle.close() }
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            throw .io(path: path, operation: "read", errno: EIO)
        }
    }

    /// Makes a rename or unlink in `dir` durable.
    static func syncDirectory(_ dir: String) throws(MetastoreError) {
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: dir, operation: "open directory", errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .io(path: dir, operation: "fsync directory", errno: errno) }
    }
}

private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    write(fd, p, n)
}
