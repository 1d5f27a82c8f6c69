#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

extension LocalStorage {
    /// A new file without a name in directory `dir` (Linux `O_TMPFILE`), open for writing; nil where the kernel or
    /// the file system lacks them (the caller then writes a named temporary file). ``linkAnonymous(_:to:)`` gives
    /// it its name atomically.
    ///
    /// Why: a named temporary file is unlinked after its content is linked into place, and on ext4 without a
    /// journal every freed inode stays "recently deleted" for about 30 seconds, during which each file created in
    /// the same block group scans past it — a commit per table per batch made file creation the ingest loop's
    /// largest cost. An anonymous file frees nothing, and a crash before the link leaves nothing behind.
    func createAnonymous(in dir: String) -> Int32? {
        #if os(Linux)
        // O_TMPFILE is a macro Swift does not import: __O_TMPFILE (the same value on every Linux architecture)
        // with O_DIRECTORY.
        let tmpfile: Int32 = 0o20000000 | O_DIRECTORY
        let fd = open(dir, tmpfile | O_WRONLY | O_CLOEXEC, 0o644)
        return fd >= 0 ? fd : nil
        #else
        return nil
        #endif
    }

    /// Links the anonymous file `fd` to `full` (an absolute path); like link(2), fails with `EEXIST` rather than
    /// replace. 0 on success, else -1 with `errno` set.
    func linkAnonymous(_ fd: Int32, to full: String) -> Int32 {
        // linkat(fd, "", …, AT_EMPTY_PATH) needs CAP_DAC_READ_SEARCH; the /proc link to the open file does not.
        linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, full, AT_SYMLINK_FOLLOW)
    }

    /// Creates `full` with `bytes` if absent through an anonymous file, fsynced before it is linked: true when
    /// created, false when `full` exists, nil when anonymous files are unavailable here (nothing was done).
    /// Directories it creates on the way are appended to `created`.
    func putAnonymous(_ full: String, _ path: String, _ bytes: [UInt8], created: inout [String]) throws(StorageError) -> Bool? {
        let dir = (full as NSString).deletingLastPathComponent
        if mkdirs(dir, created: &created) != 0 { throw failure("mkdir", path) }
        guard let fd = createAnonymous(in: dir) else { return nil }
        defer { close(fd) }
        try writeFully(fd, bytes, path)
        guard fsync(fd) == 0 else { throw failure("fsync", path) }
        if linkAnonymous(fd, to: full) == 0 { return true }
        if errno == EEXIST { return false }
        return nil
    }
}
