/// Capped exponential backoff for retrying a batch or a Kafka call: `initial`, doubling per failure, never more
/// than `maximum` (milliseconds).
public struct RetryBackoff: Sendable, Equatable {
    public var initialMilliseconds: Int
    public var maximumMilliseconds: Int

    public init(initialMilliseconds: Int = 200, maximumMilliseconds: Int = 10_000) {
        self.initialMilliseconds = max(1, initialMilliseconds)
        self.maximumMilliseconds = max(self.initialMilliseconds, maximumMilliseconds)
    }

    /// The wait before the next attempt after `failures` consecutive failures (1 = the first failure).
    public func delayMilliseconds(afterFailures failures: Int) -> Int {
        guard failures > 0 else { return 0 }
        let shift = min(failures - 1, 30)
        let (grown, overflow) = initialMilliseconds.multipliedReportingOverflow(by: 1 << shift)
        return overflow ? maximumMilliseconds : min(grown, maximumMilliseconds)
    }
}
