import Foundation

extension Concurrently {
    /// The processors this process may run on.
    static var processors: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// `body(0) ..< body(count - 1)` run on up to `width` threads (the calling thread is one of them), results in
    /// index order. After a failure no new index starts, and the error of the lowest failed index is thrown, so
    /// the outcome does not depend on timing.
    static func map<T: Sendable>(_ count: Int, width: Int,
                                 _ body: @escaping @Sendable (Int) throws(DeltaLogError) -> T) throws(DeltaLogError) -> [T] {
        let workers = max(1, min(width, count))
        if workers == 1 {
            var out: [T] = []
            out.reserveCapacity(count)
            for i in 0..<count { out.append(try body(i)) }
            return out
        }
        let state = MapState<T>(count: count)
        let work: @Sendable () -> Void = {
            while let i = state.next() { state.finish(i, Result(catching: { () throws(DeltaLogError) -> T in try body(i) })) }
        }
        let group = DispatchGroup()
        for _ in 1..<workers { DispatchQueue.global().async(group: group, execute: work) }
        work()
        group.wait()
        return try state.results()
    }

    /// The shared cursor and result slots of a ``map(_:width:_:)``.
    private final class MapState<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var cursor = 0
        private var failed = false
        private var slots: [Result<T, DeltaLogError>?]

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func next() -> Int? {
            lock.withLock {
                guard !failed, cursor < slots.count else { return nil }
                cursor += 1
                return cursor - 1
            }
        }

        func finish(_ i: Int, _ r: Result<T, DeltaLogError>) {
            lock.withLock {
                if case .failure = r { failed = true }
                slots[i] = r
            }
        }

        func results() throws(DeltaLogError) -> [T] {
            let all = lock.withLock { slots }
            var out: [T] = []
            out.reserveCapacity(all.count)
            for r in all {
                guard let r else { break }
                out.append(try r.get())
            }
            if out.count < all.count { throw .invalidArgument("concurrent task produced no result") }
            return out
        }
    }
}
