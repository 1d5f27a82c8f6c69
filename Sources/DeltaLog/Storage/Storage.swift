/// Where a table's files live. Paths are relative keys under the table root, `/`-separated, never starting
/// with `/` and never containing `..`. The log logic depends only on this protocol, so an object store with
/// conditional PUT can be one more implementation.
public protocol Storage: Sendable {
    /// The whole object.
    func read(_ path: String) throws(StorageError) -> [UInt8]
    /// Bytes `range` of the object; throws if the range extends past its end.
    func read(_ path: String, range: Range<Int>) throws(StorageError) -> [UInt8]
    /// Creates or replaces the object; readers see either the old or the new content, never a mix.
    func write(_ path: String, _ bytes: [UInt8]) throws(StorageError)
    /// Creates or replaces every object, each as `write` does, and returns once all are durable. Local storage
    /// overlaps their fsyncs; a caller refers to the objects (a commit naming data files) only after it returns.
    func writeAll(_ objects: [(path: String, bytes: [UInt8])]) throws(StorageError)
    /// Creates the object only if nothing exists at `path`, durably; returns false when it already exists.
    /// This is the single atomic primitive the commit protocol relies on.
    func putIfAbsent(_ path: String, _ bytes: [UInt8]) throws(StorageError) -> Bool
    /// Objects whose path starts with `prefix`, sorted by path. Directories themselves are not listed.
    func list(prefix: String) throws(StorageError) -> [StorageEntry]
    /// Deletes the object; deleting a missing object is not an error.
    func delete(_ path: String) throws(StorageError)
    /// Size and modification time, or nil when the object does not exist.
    func info(_ path: String) throws(StorageError) -> StorageEntry?
    /// Paths under `prefix`, sorted; may skip fetching sizes and times (default: from `list`).
    func listPaths(prefix: String) throws(StorageError) -> [String]
    /// The local filesystem path of an object, for libraries that open files themselves; nil when the
    /// storage is not local (the default).
    func localPath(_ path: String) -> String?
}

extension Storage {
    public func writeAll(_ objects: [(path: String, bytes: [UInt8])]) throws(StorageError) {
        for o in objects { try write(o.path, o.bytes) }
    }
    public func listPaths(prefix: String) throws(StorageError) -> [String] { try list(prefix: prefix).map(\.path) }
    public func localPath(_ path: String) -> String? { nil }
}

/// One stored object.
public struct StorageEntry: Sendable, Hashable {
    public let path: String
    public let size: Int
    /// Milliseconds since the Unix epoch.
    public let modificationTime: Int64

    public init(path: String, size: Int, modificationTime: Int64) {
        self.path = path
        self.size = size
        self.modificationTime = modificationTime
    }
}

/// A storage operation that failed: the operation, the path and the reason.
public enum StorageError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(path: String)
    case invalidPath(path: String)
    case rangeOutOfBounds(path: String, range: Range<Int>, size: Int)
    case io(operation: String, path: String, errno: Int32, detail: String)

    public var description: String {
        switch self {
        case let .notFound(path): return "\(path): no such object"
        case let .invalidPath(path): return "\(path): invalid storage path"
        case let .rangeOutOfBounds(path, range, size):
            return "\(path): range \(range) outside the object's \(size) bytes"
        case let .io(operation, path, errno, detail): return "\(operation) \(path): \(detail) (errno \(errno))"
        }
    }
}
