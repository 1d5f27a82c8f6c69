import Foundation

/// Notes that the Kafka client reported a failure (it reports through `KafkaConfig.warn` and carries on: polls
/// return nothing while the brokers are unreachable), so the service can tell an idle topic from an outage and
/// say that it retries.
final class KafkaTrouble: @unchecked Sendable {
    private let lock = NSLock()
    private var reported = false

    func report() {
        lock.lock()
        reported = true
        lock.unlock()
    }

    /// Whether a failure was reported since the last call.
    func take() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let was = reported
        reported = false
        return was
    }
}
