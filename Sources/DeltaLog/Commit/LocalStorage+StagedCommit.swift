#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

extension LocalStorage {
    /// Makes the new `objects` durable and then creates the commit file `path` with put-if-absent, paying two
    /// fsync latencies instead of four or more: every object is created under its final name and written, the
    /// commit's bytes go to a temporary file (anonymous where Linux's `O_TMPFILE` works), then the objects, their directories and the temporary file are
    /// fsynced all at once; only then is the temporary file linked to `path` (`EEXIST`: another writer won,
    /// false is returned and the objects stay, durable), and the log directory fsynced.
    ///
    /// Why nothing weaker than the one-at-a-time protocol: the commit name appears only after every object it
    /// references — content and directory entry — and its own content are durable, and success is returned
    /// only after the name is durable too. An object is never visible under its final name before that commit
    /// exists, except to a reader listing files, and a crash before the link leaves only unreferenced files
    /// (like any failed writer; vacuum removes them). An object whose path already exists is replaced the safe
    /// way (``write(_:_:)``) instead.
    func putIfAbsent(_ path: String, _ bytes: [UInt8], after objects: [(path: String, bytes: [UInt8])]) throws(StorageError) -> Bool {
        let commitFull = try absolute(path)
        var fds: [Int32] = []
        var syncPaths: [String] = []
        var directories: Set<String> = []
        var tmp: String?
        defer {
            for fd in fds { close(fd) }
            if let tmp { unlink(tmp) }
        }
        for o in objects {
            let full = try absolute(o.path)
            let dir = Self.parent(full)
            directories.insert(dir)
            var fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            // Directories are made only when missing: most commits write into partitions that exist already.
            if fd < 0, errno == ENOENT {
                var created: [String] = []
                guard mkdirs(dir, created: &created) == 0 else { throw failure("mkdir", o.path) }
                // A new directory's own entry must be durable in its parent as well.
                for d in created { directories.insert(Self.parent(d)) }
                fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            }
            guard fd >= 0 else {
                if errno == EEXIST {
                    try write(o.path, o.bytes)
                    continue
                }
                throw failure("create", o.path)
            }
            fds.append(fd)
            syncPaths.append(o.path)
            try writeFully(fd, o.bytes, o.path)
        }
        let logDir = Self.parent(commitFull)
        var created: [String] = []
        guard mkdirs(logDir, created: &created) == 0 else { throw failure("mkdir", path) }
        // The commit's bytes go to an anonymous file where the system has them (nothing to unlink afterwards),
        // else to a named temporary file.
        let anonymous = createAnonymous(in: logDir)
        let fd: Int32
        if let anonymous { fd = anonymous } else {
            let commitTmp = logDir + "/.tmp-" + UUID().uuidString
            fd = open(commitTmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw failure("create", path) }
            tmp = commitTmp
        }
        fds.append(fd)
        syncPaths.append(path)
        try writeFully(fd, bytes, path)

        // One overlapped round: the journal commits concurrent fsyncs together.
        let files = fds, dirs = directories.sorted(), labels = syncPaths
        try Concurrently.each(files.count + dirs.count) { i throws(StorageError) in
            if i < files.count {
                guard fsync(files[i]) == 0 else { throw failure("fsync", labels[i]) }
            } else {
                try syncDirectory(dirs[i - files.count], path)
            }
        }
        // link(2) fails with EEXIST instead of replacing, which makes it an atomic create-if-absent.
        var linked = tmp.map { link($0, commitFull) } ?? linkAnonymous(fd, to: commitFull)
        if linked != 0, errno != EEXIST, tmp == nil {
            // No /proc to link the anonymous file through: a named temporary file after all.
            var none: [String] = []
            let named = try writeTemporary(commitFull, path, bytes, created: &none)
            tmp = named
            linked = link(named, commitFull)
        }
        if linked != 0 {
            if errno == EEXIST { return false }
            throw failure("link", path)
        }
        try syncDirectory(logDir, path)
        for d in created.reversed() { try syncDirectory(Self.parent(d), path) }
        return true
    }

    /// The directory of `full`, an absolute path of a file (what `NSString.deletingLastPathComponent` gives there,
    /// without bridging a string per object of every commit).
    static func parent(_ full: String) -> String {
        guard let slash = full.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return slash == full.utf8.startIndex ? "/" : String(full[..<slash])
    }
}
