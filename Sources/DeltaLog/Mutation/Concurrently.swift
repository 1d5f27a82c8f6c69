import Foundation

/// Runs independent pieces of a commit's I/O at the same time, so that their fsyncs overlap instead of
/// adding up.
enum Concurrently {
    /// Runs `body(i)` for every `i` in `0..<count`, each on a thread of its own (blocking calls such as fsync,
    /// which the filesystem's journal then commits together); once all are done, throws the error of the
    /// smallest failed `i`.
    static func each<E: Error>(_ count: Int, _ body: @escaping @Sendable (Int) throws(E) -> Void) throws(E) {
        guard count > 1 else {
            if count == 1 { try body(0) }
            return
        }
        let slots = (0..<count).map { _ in Slot<Result<Void, E>>() }
        let group = DispatchGroup()
        // A queue of its own, so the blocks get threads of their own rather than waiting for the shared pool's few.
        let queue = DispatchQueue(label: "swiftlake.deltalog.concurrently", attributes: .concurrent)
        for i in 1..<count { queue.async(group: group) { slots[i].value = Result { () throws(E) in try body(i) } } }
        slots[0].value = Result { () throws(E) in try body(0) }
        group.wait()
        for s in slots { try s.value?.get() }
    }

    /// One value handed from a worker thread to the thread that waits for it.
    private final class Slot<T>: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: T?
        var value: T? {
            get { lock.withLock { stored } }
            set { lock.withLock { stored = newValue } }
        }
    }
}
