import Foundation

/// Runs independent pieces of a commit's I/O at the same time, so that their fsyncs overlap instead of
/// adding up.
enum Concurrently {
    /// Runs `body(i)` for every `i` in `0..<count` on up to `lanes` threads at once (blocking calls such as fsync,
    /// whose waits then overlap and which the filesystem commits together); once all are done, throws the error of
    /// the smallest failed `i`.
    ///
    /// The calling thread takes indices too, and the other lanes run on serial queues: those get threads of their
    /// own at once, while blocks on a concurrent queue wait for the CPU-sized shared pool — which, on Linux, the
    /// callers' own blocked threads may be holding (commits running several at a time, each waiting here), so the
    /// fsyncs would wait for the pool's periodic growth instead of overlapping.
    static func each<E: Error>(_ count: Int, lanes: Int = Concurrently.ioLanes,
                               _ body: @escaping @Sendable (Int) throws(E) -> Void) throws(E) {
        guard count > 1 else {
            if count == 1 { try body(0) }
            return
        }
        let slots = (0..<count).map { _ in Slot<Result<Void, E>>() }
        let cursor = Cursor(count)
        let work: @Sendable () -> Void = {
            while let i = cursor.next() { slots[i].value = Result { () throws(E) in try body(i) } }
        }
        let group = DispatchGroup()
        for lane in 1..<max(1, min(lanes, count)) {
            DispatchQueue(label: "swiftlake.deltalog.concurrently.\(lane)").async(group: group, execute: work)
        }
        work()
        group.wait()
        for s in slots { try s.value?.get() }
    }

    /// Threads `each` uses at most: enough for the fsyncs of a commit's files to overlap.
    static let ioLanes = 16

    /// Hands out the indices `0..<count` once each.
    private final class Cursor: @unchecked Sendable {
        private let lock = NSLock()
        private var nextIndex = 0
        private let count: Int
        init(_ count: Int) { self.count = count }

        func next() -> Int? {
            lock.withLock {
                guard nextIndex < count else { return nil }
                nextIndex += 1
                return nextIndex - 1
            }
        }
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
