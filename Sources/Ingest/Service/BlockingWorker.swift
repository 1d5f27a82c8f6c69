import Dispatch

/// Owns a value and runs blocking work on it (file I/O, libpq, Delta commits) on a serial dispatch queue of its
/// own, so the cooperative threads that run Kafka heartbeats and fetches are never held up by a slow batch.
/// The value is only ever touched on that queue, which is what makes the unchecked `Sendable` sound.
final class BlockingWorker<State>: @unchecked Sendable {
    private let queue: DispatchQueue
    private var state: State

    init(label: String, state: State) {
        queue = DispatchQueue(label: label)
        self.state = state
    }

    /// Runs `body` on the worker's queue with exclusive access to the state and returns its result.
    func run<R: Sendable>(_ body: @escaping @Sendable (inout State) -> R) async -> R {
        await withCheckedContinuation { (continuation: CheckedContinuation<R, Never>) in
            queue.async {
                continuation.resume(returning: body(&self.state))
            }
        }
    }
}
