import Foundation
import Testing
import Ingest

@Suite struct MallocArenasTests {
    /// Without MALLOC_ARENA_MAX in the environment the cap is set, to the number of cores but never below 2; with
    /// it, the environment's value stands (glibc applied it at start) and nothing is set.
    @Test func capIsTheCoreCountUnlessTheEnvironmentChoseOne() {
        let cap = MallocArenas.limitToCores()
        if ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil {
            #expect(cap == Int32(max(2, ProcessInfo.processInfo.activeProcessorCount)))
        } else {
            #expect(cap == nil)
        }
    }
}
