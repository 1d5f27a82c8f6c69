import CShims
import Foundation

/// The ingest service's cap on glibc's malloc arenas.
///
/// glibc hands a thread that finds the heap busy an arena of its own, up to eight per core, and memory freed into
/// an arena stays there for that arena's next allocations. The ingest's threads (the batch worker, the task pool,
/// the Kafka readers, compactions) each allocate and free a batch's worth of short-lived buffers, so with the
/// default most of the resident memory was freed memory parked in idle arenas: the ingest suite
/// (`lake-bench run ingest --rows 10000`) peaked at 183–195 MiB at 500-record batches, and at 131–138 MiB with as
/// many arenas as cores, for the same CPU seconds (Benchmarks/README.md).
public enum MallocArenas {
    /// The cap for a process that may run on `cores` cores: one arena per core, at least 2; nil when the
    /// environment chose one (`MALLOC_ARENA_MAX`, which glibc applies itself and which stays the operator's).
    public static func cap(cores: Int, environment: [String: String]) -> Int32? {
        guard environment["MALLOC_ARENA_MAX"] == nil else { return nil }
        return Int32(clamping: max(2, cores))
    }

    /// Sets ``cap(cores:environment:)`` for this process, counting the cores it may run on (affinity and cgroup
    /// limits included). Returns the cap set, or nil when none was (environment set, or not glibc). Arenas made
    /// before the call remain.
    @discardableResult
    public static func limitToCores() -> Int32? {
        let info = ProcessInfo.processInfo
        guard let cap = cap(cores: info.activeProcessorCount, environment: info.environment) else { return nil }
        return swiftlake_limit_malloc_arenas(cap) == 1 ? cap : nil
    }
}
