import Foundation

/// The newest snapshot this process knows of each table, so that consecutive operations (a stream of MERGEs)
/// start from it and read only the commits made since, instead of decoding the last checkpoint and replaying
/// the commits after it every time.
///
/// An entry is only a starting point: ``DeltaTable`` checks it against the log before use (the commit file of
/// its version must still hold the very bytes the entry was built from, which a table deleted and created
/// again at the same location does not), then reads the newer commits. Process-wide and bounded.
final class SnapshotCache: @unchecked Sendable {
    struct Entry: Sendable {
        let snapshot: Snapshot
        /// The bytes of the commit file of `snapshot.version`, which identify that commit.
        let commitBytes: [UInt8]
    }

    static let shared = SnapshotCache(capacity: 512)

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// The key of a table: its location and the kind of storage that reaches it.
    static func key(_ table: DeltaTable) -> String { String(describing: type(of: table.storage)) + "\u{0}" + table.location }

    func get(_ key: String) -> Entry? { lock.withLock { entries[key] } }

    /// Records `entry` unless a newer snapshot of the table is already recorded.
    func put(_ key: String, _ entry: Entry) {
        lock.withLock {
            if let old = entries[key], old.snapshot.version > entry.snapshot.version { return }
            // Tables are few in a long-running process; a process that touches very many (tests) just starts over.
            if entries[key] == nil && entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = entry
        }
    }

    func remove(_ key: String) { _ = lock.withLock { entries.removeValue(forKey: key) } }
}
