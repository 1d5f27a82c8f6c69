import Foundation
import Testing
import Ingest

@Suite struct MallocArenasTests {
    /// One arena per core, never fewer than 2; an operator's MALLOC_ARENA_MAX stands.
    @Test func capFollowsTheCoresUnlessTheEnvironmentChoseOne() {
        #expect(MallocArenas.cap(cores: 1, environment: [:]) == 2)
        #expect(MallocArenas.cap(cores: 2, environment: ["PATH": "/bin"]) == 2)
        #expect(MallocArenas.cap(cores: 16, environment: [:]) == 16)
        #expect(MallocArenas.cap(cores: 16, environment: ["MALLOC_ARENA_MAX": "4"]) == nil)
    }

    /// glibc takes the cap (this process has no MALLOC_ARENA_MAX unless the runner set one).
    @Test func glibcTakesTheCap() {
        let info = ProcessInfo.processInfo
        #expect(MallocArenas.limitToCores() == MallocArenas.cap(cores: info.activeProcessorCount, environment: info.environment))
    }
}
