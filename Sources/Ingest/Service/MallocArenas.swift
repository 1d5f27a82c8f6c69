import CShims
#if canImport(Glibc)
import Glibc
#endif

/// The ingest service's cap on glibc's malloc arenas.
///
/// glibc hands a thread that finds the heap busy an arena of its own, up to eight per core, and memory freed into
/// an arena stays there for that arena's next allocations. The ingest's threads (the batch worker, the task pool,
/// the Kafka readers, compactions) each allocate and free a batch's worth of short-lived buffers, so with the
/// default most of the resident memory was freed memory parked in idle arenas: `lake-bench run ingest --rows 10000`
/// at 500-record batches peaked at 182–196 MB, and at 130–134 MB with as many arenas as cores, for the same CPU
/// seconds (Benchmarks/README.md).
public enum MallocArenas {
    /// Caps the arenas at the number of cores (at least 2), unless `MALLOC_ARENA_MAX` is set in the environment,
    /// which glibc applies itself and which therefore stays the operator's to choose. Returns the cap set, or nil
    /// when none was (environment set, or not glibc). Arenas made before the call remain.
    @discardableResult
    public static func limitToCores() -> Int32? {
        #if canImport(Glibc)
        guard getenv("MALLOC_ARENA_MAX") == nil else { return nil }
        let cap = Int32(clamping: max(2, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        return swiftlake_limit_malloc_arenas(cap) == 1 ? cap : nil
        #else
        return nil
        #endif
    }
}
