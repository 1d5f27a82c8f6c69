#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

extension LocalStorage {
    /// Writes every object as `write` does — a fsynced temporary file renamed into place, then its directory
    /// fsynced — in phases whose fsyncs overlap (`Concurrently.each`): all temporary files are written, then fsynced
    /// together, then renamed into place, then each distinct directory (and the parent of each directory created on
    /// the way) is fsynced once. Each object is replaced atomically, as with `write`; all are durable on return.
    public func writeAll(_ objects: [(path: String, bytes: [UInt8])]) throws(StorageError) {
        guard objects.count > 1 else {
            if let o = objects.first { try write(o.path, o.bytes) }
            return
        }
        var temporaries: [String] = []
        var fds: [Int32] = []
        var directories: Set<String> = []
        var created: [String] = []
        defer {
            for fd in fds { close(fd) }
            for t in temporaries { unlink(t) }
        }
        var targets: [String] = []
        for o in objects {
            let full = try absolute(o.path)
            let dir = (full as NSString).deletingLastPathComponent
            if directories.insert(dir).inserted, mkdirs(dir, created: &created) != 0 { throw failure("mkdir", o.path) }
            let tmp = dir + "/.tmp-" + UUID().uuidString
            let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw failure("create", o.path) }
            temporaries.append(tmp)
            fds.append(fd)
            targets.append(full)
            try writeFully(fd, o.bytes, o.path)
        }
        let descriptors = fds
        try Concurrently.each(descriptors.count) { i throws(StorageError) in
            guard fsync(descriptors[i]) == 0 else { throw failure("fsync", objects[i].path) }
        }
        for (i, tmp) in temporaries.enumerated() {
            guard rename(tmp, targets[i]) == 0 else { throw failure("rename", objects[i].path) }
            temporaries[i] = ""
        }
        temporaries.removeAll()
        // A directory created here must be durable in its parent too, or the files below it could vanish.
        for d in created { directories.insert((d as NSString).deletingLastPathComponent) }
        let dirs = directories.sorted()
        try Concurrently.each(dirs.count) { i throws(StorageError) in try syncDirectory(dirs[i], objects[0].path) }
    }
}
