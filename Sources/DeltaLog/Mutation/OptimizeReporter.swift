import Foundation

/// Sums up an OPTIMIZE's progress as bins finish (in any order) and reports each step.
final class OptimizeReporter: @unchecked Sendable {
    private let lock = NSLock()
    private var current: OptimizeProgress
    private let callback: (@Sendable (OptimizeProgress) -> Void)?

    init(_ start: OptimizeProgress, _ callback: (@Sendable (OptimizeProgress) -> Void)?) {
        current = start
        self.callback = callback
    }

    var progress: OptimizeProgress { lock.withLock { current } }

    func binDone(removed: [AddFile], added: [AddFile]) {
        lock.withLock {
            current.binsDone += 1
            current.filesRemoved += removed.count
            current.bytesRemoved += removed.reduce(0) { $0 + $1.size }
            current.filesAdded += added.count
            current.bytesAdded += added.reduce(0) { $0 + $1.size }
            callback?(current)
        }
    }
}
