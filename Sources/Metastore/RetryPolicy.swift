/// How long `PostgresMetastore` keeps trying to reconnect after a lost connection: exponential backoff
/// from `initialDelay`, capped at `maxDelay`, for at most `maxAttempts` tries of one operation.
public struct RetryPolicy: Sendable, Hashable {
    public var maxAttempts: Int
    public var initialDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 10, initialDelay: Duration = .milliseconds(50), maxDelay: Duration = .seconds(2)) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
    }

    /// The pause before retry number `attempt` (1-based).
    func delay(before attempt: Int) -> Duration {
        var d = initialDelay
        for _ in 1..<max(1, attempt) {
            d = d * 2
            if d >= maxDelay { return maxDelay }
        }
        return min(d, maxDelay)
    }
}
