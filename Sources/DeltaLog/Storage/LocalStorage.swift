#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A table stored in a local directory. Writes go to a unique temporary file that is fsynced and then
/// renamed (replace) or hard-linked (create-only) into place, and the directory is fsynced, so a crash
/// at any instant leaves either no object or the complete one.
public struct LocalStorage: Storage {
    public let root: String
    /// Where the rows of small files written through this storage are kept for operations that read them back
    /// (``RecentDataFiles``): the process's shared one, or one of its own for a test that counts on its entries.
    let recentFiles: RecentDataFiles

    /// Storage rooted at directory `root` (created on first write if absent).
    public init(root: String) {
        self.init(root: root, recentFiles: .shared)
    }

    init(root: String, recentFiles: RecentDataFiles) {
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        self.recentFiles = recentFiles
    }

    func absolute(_ path: String) throws(StorageError) -> String {
        guard !path.isEmpty, !path.hasPrefix("/"), !Self.climbs(path), !path.contains("\0")
        else { throw .invalidPath(path: path) }
        return root + "/" + path
    }

    /// Whether a component of `path` is `..` (checked for every object of every commit, so without splitting).
    static func climbs(_ path: String) -> Bool {
        // Dots so far in the current component, or -1 once it holds anything else.
        var dots = 0
        for b in path.utf8 {
            if b == UInt8(ascii: "/") {
                if dots == 2 { return true }
                dots = 0
            } else if b == UInt8(ascii: "."), dots >= 0 {
                dots += 1
            } else {
                dots = -1
            }
        }
        return dots == 2
    }

    func failure(_ op: String, _ path: String) -> StorageError {
        let e = errno
        if e == ENOENT { return .notFound(path: path) }
        return .io(operation: op, path: path, errno: e, detail: String(cString: strerror(e)))
    }

    public func read(_ path: String) throws(StorageError) -> [UInt8] {
        let full = try absolute(path)
        let fd = open(full, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("open", path) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw failure("stat", path) }
        return try readFully(fd, path: path, offset: 0, count: Int(st.st_size))
    }

    public func read(_ path: String, range: Range<Int>) throws(StorageError) -> [UInt8] {
        let full = try absolute(path)
        let fd = open(full, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("open", path) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw failure("stat", path) }
        guard range.lowerBound >= 0, range.upperBound <= Int(st.st_size) else {
            throw .rangeOutOfBounds(path: path, range: range, size: Int(st.st_size))
        }
        return try readFully(fd, path: path, offset: range.lowerBound, count: range.count)
    }

    private func readFully(_ fd: Int32, path: String, offset: Int, count: Int) throws(StorageError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { buf in
                pread(fd, buf.baseAddress.map { $0 + done }, count - done, off_t(offset + done))
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                if n == 0 { throw .io(operation: "read", path: path, errno: 0, detail: "file shrank while reading") }
                throw failure("read", path)
            }
            done += n
        }
        return out
    }

    /// Writes `bytes` to a fresh temporary file next to `full` and fsyncs it; returns the temp path. Directories it
    /// creates on the way are appended to `created`: their parents need a fsync too.
    func writeTemporary(_ full: String, _ path: String, _ bytes: [UInt8], created: inout [String]) throws(StorageError) -> String {
        let dir = (full as NSString).deletingLastPathComponent
        if mkdirs(dir, created: &created) != 0 { throw failure("mkdir", path) }
        let tmp = dir + "/.tmp-" + UUID().uuidString
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("create", path) }
        defer { close(fd) }
        do throws(StorageError) {
            try writeFully(fd, bytes, path)
            guard fsync(fd) == 0 else { throw failure("fsync", path) }
        } catch {
            unlink(tmp)
            throw error
        }
        return tmp
    }

    /// Writes all of `bytes` to `fd`.
    func writeFully(_ fd: Int32, _ bytes: [UInt8], _ path: String) throws(StorageError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { buf in Glibc.write(fd, buf.baseAddress.map { $0 + done }, bytes.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw failure("write", path) }
            done += n
        }
    }

    /// Fsyncs the directory of `full`, then the parents of the directories `created` (deepest first), so a new
    /// directory's entry is as durable as the file in it.
    private func syncDirectory(of full: String, _ path: String, created: [String]) throws(StorageError) {
        try syncDirectory((full as NSString).deletingLastPathComponent, path)
        for d in created.reversed() { try syncDirectory((d as NSString).deletingLastPathComponent, path) }
    }

    /// Fsyncs directory `dir` (an absolute path), so the entries created or renamed in it survive a crash.
    func syncDirectory(_ dir: String, _ path: String) throws(StorageError) {
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("open directory", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure("fsync directory", path) }
    }

    public func write(_ path: String, _ bytes: [UInt8]) throws(StorageError) {
        let full = try absolute(path)
        var created: [String] = []
        let tmp = try writeTemporary(full, path, bytes, created: &created)
        guard rename(tmp, full) == 0 else {
            let e = failure("rename", path)
            unlink(tmp)
            throw e
        }
        try syncDirectory(of: full, path, created: created)
    }

    public func putIfAbsent(_ path: String, _ bytes: [UInt8]) throws(StorageError) -> Bool {
        let full = try absolute(path)
        var created: [String] = []
        if let linked = try putAnonymous(full, path, bytes, created: &created) {
            guard linked else { return false }
            try syncDirectory(of: full, path, created: created)
            return true
        }
        let tmp = try writeTemporary(full, path, bytes, created: &created)
        defer { unlink(tmp) }
        // link(2) fails with EEXIST instead of replacing, which makes it an atomic create-if-absent.
        if link(tmp, full) != 0 {
            if errno == EEXIST { return false }
            throw failure("link", path)
        }
        try syncDirectory(of: full, path, created: created)
        return true
    }

    public func list(prefix: String) throws(StorageError) -> [StorageEntry] {
        try listing(prefix: prefix, withInfo: true)
    }

    public func listPaths(prefix: String) throws(StorageError) -> [String] {
        try listing(prefix: prefix, withInfo: false).map(\.path)
    }

    private func listing(prefix: String, withInfo: Bool) throws(StorageError) -> [StorageEntry] {
        // List the deepest directory the prefix names, then filter by the rest of the prefix.
        let slash = prefix.lastIndex(of: "/")
        let dirPart = slash.map { String(prefix[..<$0]) } ?? ""
        let dir = dirPart.isEmpty ? root : root + "/" + dirPart
        var out: [StorageEntry] = []
        try walk(dir: dir, relative: dirPart, prefix: prefix, withInfo: withInfo, into: &out)
        out.sort { $0.path < $1.path }
        return out
    }

    private func walk(dir: String, relative: String, prefix: String, withInfo: Bool, into out: inout [StorageEntry]) throws(StorageError) {
        guard let d = opendir(dir) else {
            if errno == ENOENT || errno == ENOTDIR { return }
            throw failure("list", relative)
        }
        defer { closedir(d) }
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." || name.hasPrefix(".tmp-") { continue }
            let rel = relative.isEmpty ? name : relative + "/" + name
            // Prune subtrees that cannot contain a match.
            guard rel.hasPrefix(prefix) || prefix.hasPrefix(rel + "/") else { continue }
            // d_type spares a stat per entry when only names are wanted.
            let type = e.pointee.d_type
            if !withInfo && type == UInt8(DT_REG) {
                if rel.hasPrefix(prefix) { out.append(StorageEntry(path: rel, size: -1, modificationTime: 0)) }
                continue
            }
            var st = stat()
            guard stat(dir + "/" + name, &st) == 0 else { continue }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                try walk(dir: dir + "/" + name, relative: rel, prefix: prefix, withInfo: withInfo, into: &out)
            } else if rel.hasPrefix(prefix) {
                out.append(StorageEntry(path: rel, size: Int(st.st_size), modificationTime: Self.millis(st)))
            }
        }
    }

    public func localPath(_ path: String) -> String? { try? absolute(path) }

    public func delete(_ path: String) throws(StorageError) {
        let full = try absolute(path)
        if unlink(full) != 0 && errno != ENOENT { throw failure("delete", path) }
    }

    public func info(_ path: String) throws(StorageError) -> StorageEntry? {
        let full = try absolute(path)
        var st = stat()
        guard stat(full, &st) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw failure("stat", path)
        }
        return StorageEntry(path: path, size: Int(st.st_size), modificationTime: Self.millis(st))
    }

    private static func millis(_ st: stat) -> Int64 {
        #if canImport(Darwin)
        return Int64(st.st_mtimespec.tv_sec) * 1000 + Int64(st.st_mtimespec.tv_nsec) / 1_000_000
        #else
        return Int64(st.st_mtim.tv_sec) * 1000 + Int64(st.st_mtim.tv_nsec) / 1_000_000
        #endif
    }

    /// mkdir -p; 0 on success. Appends each directory it creates to `created` (parents first).
    func mkdirs(_ dir: String, created: inout [String]) -> Int32 {
        if mkdir(dir, 0o755) == 0 {
            created.append(dir)
            return 0
        }
        if errno == EEXIST { return 0 }
        guard errno == ENOENT else { return -1 }
        let parent = (dir as NSString).deletingLastPathComponent
        guard parent != dir, !parent.isEmpty, mkdirs(parent, created: &created) == 0 else { return -1 }
        if mkdir(dir, 0o755) == 0 {
            created.append(dir)
            return 0
        }
        return errno == EEXIST ? 0 : -1
    }
}
