import Foundation

/// Runs independent pieces of a commit's I/O at the same time, so that their fsyncs overlap instead of
/// adding up.
enum Concurrently {
    /// Runs `first` on the calling thread and `second` on another, and returns both results once both are done;
    /// when either fails, throws the first one's error before the second's.
    static func both<A, B: Sendable>(_ first: () throws(DeltaLogError) -> A,
                                     _ second: @escaping @Sendable () throws(DeltaLogError) -> B) throws(DeltaLogError) -> (A, B) {
        let slot = Slot<Result<B, DeltaLogError>>()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { slot.value = Result(catching: second) }
        let a = Result(catching: first)
        group.wait()
        let b = slot.value ?? .failure(.invalidArgument("concurrent task produced no result"))
        return (try a.get(), try b.get())
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
