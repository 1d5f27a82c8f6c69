import Foundation
import Testing
@testable import DeltaLog

/// `Concurrently.each` runs every index once, on a bounded number of threads, reports the lowest failed index, and
/// completes when called from many blocks of a concurrent queue at once (commits running side by side, each
/// fsyncing its files through it), which must not wait on the shared CPU-sized thread pool those blocks hold.
@Suite struct ConcurrentlyTests {
    struct Failed: Error, Equatable { let index: Int }

    final class Counts: @unchecked Sendable {
        private let lock = NSLock()
        private var runs: [Int]
        init(_ n: Int) { runs = Array(repeating: 0, count: n) }
        func hit(_ i: Int) { lock.withLock { runs[i] += 1 } }
        var all: [Int] { lock.withLock { runs } }
    }

    @Test func everyIndexRunsOnceAndTheLowestFailureIsThrown() throws {
        let counts = Counts(100)
        #expect(throws: Failed(index: 37)) {
            try Concurrently.each(100, lanes: 4) { i throws(Failed) in
                counts.hit(i)
                if i == 80 || i == 37 { throw Failed(index: i) }
            }
        }
        #expect(counts.all == Array(repeating: 1, count: 100))
        let one = Counts(1)
        try Concurrently.each(1) { i throws(Failed) in one.hit(i) }
        #expect(one.all == [1])
    }

    @Test func nestedCallsFromAConcurrentQueueComplete() {
        let outer = 16, inner = 40
        let counts = Counts(outer * inner)
        let queue = DispatchQueue(label: "concurrently-test", attributes: .concurrent)
        let group = DispatchGroup()
        for o in 0..<outer {
            queue.async(group: group) {
                // Blocks in the body hold their threads, as fsync does.
                try? Concurrently.each(inner) { i throws(Failed) in
                    var ts = timespec(tv_sec: 0, tv_nsec: 200_000)
                    nanosleep(&ts, nil)
                    counts.hit(o * inner + i)
                }
            }
        }
        group.wait()
        #expect(counts.all == Array(repeating: 1, count: outer * inner))
    }
}
