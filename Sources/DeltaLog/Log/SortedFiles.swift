import Foundation

/// A snapshot's live files in path order, computed by the first reader and shared by every copy of the snapshot
/// (which is immutable, so the order never goes stale).
final class SortedFiles: @unchecked Sendable {
    private let lock = NSLock()
    private var files: [AddFile]?

    func get(_ compute: () -> [AddFile]) -> [AddFile] {
        lock.lock()
        defer { lock.unlock() }
        if let files { return files }
        let sorted = compute()
        files = sorted
        return sorted
    }
}
