import Foundation

/// Storage that holds the new objects an operation writes (data files, deletion-vector files) in memory instead
/// of writing them, so that the commit referencing them can make them durable together with the commit file in
/// one round of overlapped fsyncs (``LocalStorage/putIfAbsent(_:_:after:)``). Reads of a held object return
/// its bytes; everything else goes to the underlying storage.
final class StagingStorage: Storage, @unchecked Sendable {
    let base: any Storage
    private let lock = NSLock()
    private var held: [String: [UInt8]] = [:]
    private var order: [String] = []

    init(base: any Storage) { self.base = base }

    /// The held objects, in the order they were written.
    var objects: [(path: String, bytes: [UInt8])] {
        lock.withLock { order.compactMap { p in held[p].map { (p, $0) } } }
    }

    private func bytes(_ path: String) -> [UInt8]? { lock.withLock { held[path] } }

    func write(_ path: String, _ bytes: [UInt8]) throws(StorageError) {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.split(separator: "/").contains(".."), !path.contains("\0") else {
            throw .invalidPath(path: path)
        }
        lock.withLock {
            if held.updateValue(bytes, forKey: path) == nil { order.append(path) }
        }
    }

    func read(_ path: String) throws(StorageError) -> [UInt8] {
        if let b = bytes(path) { return b }
        return try base.read(path)
    }

    func read(_ path: String, range: Range<Int>) throws(StorageError) -> [UInt8] {
        guard let b = bytes(path) else { return try base.read(path, range: range) }
        guard range.lowerBound >= 0, range.upperBound <= b.count else {
            throw .rangeOutOfBounds(path: path, range: range, size: b.count)
        }
        return Array(b[range])
    }

    func putIfAbsent(_ path: String, _ bytes: [UInt8]) throws(StorageError) -> Bool { try base.putIfAbsent(path, bytes) }
    func list(prefix: String) throws(StorageError) -> [StorageEntry] { try base.list(prefix: prefix) }
    func listPaths(prefix: String) throws(StorageError) -> [String] { try base.listPaths(prefix: prefix) }
    func delete(_ path: String) throws(StorageError) {
        if lock.withLock({ held.removeValue(forKey: path) }) != nil { return }
        try base.delete(path)
    }

    func info(_ path: String) throws(StorageError) -> StorageEntry? {
        if let b = bytes(path) { return StorageEntry(path: path, size: b.count, modificationTime: Transaction.nowMillis()) }
        return try base.info(path)
    }

    /// Held objects have no local file yet.
    func localPath(_ path: String) -> String? { bytes(path) == nil ? base.localPath(path) : nil }
}

extension DeltaTable {
    /// This table over a ``StagingStorage``: files written through it are held for a transaction to stage.
    func staging() -> (DeltaTable, StagingStorage) {
        let staging = StagingStorage(base: storage)
        return (DeltaTable(storage: staging, location: location), staging)
    }
}
