#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on a file, held until the value goes away.
///
/// `flock` rather than `fcntl` locks: `flock` locks belong to the open file, so two threads of one process
/// exclude each other as two processes do, and closing an unrelated descriptor of the same file does not
/// drop the lock.
struct FileLock: ~Copyable {
    private let fd: Int32

    init(path: String) throws(MetastoreError) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: path, operation: "open lock", errno: errno) }
        while flock(fd, LOCK_EX) != 0 {
            let e = errno
            guard e == EINTR else {
                close(fd)
                throw .io(path: path, operation: "flock", errno: e)
            }
        }
        self.fd = fd
    }

    deinit { close(fd) }
}
