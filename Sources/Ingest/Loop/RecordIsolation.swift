/// Finds the records of a failed write that fail on their own, so they can be quarantined and the others written.
///
/// A write of many records fails as a whole when one of them cannot go in (its value does not fit the table's
/// partition column type, …). Retrying the same write would fail forever and hold the partition back, so the
/// records are split in halves and each half attempted; a half that fails again is split further, down to single
/// records. A record that fails alone with a permanent error (`IngestLoopError.isPermanentForRecords`) is
/// returned with its error; every other record went in through some successful attempt. One bad record among `n`
/// costs about 2·log2(n) attempts; the usual batch, with none, costs nothing extra.
///
/// A transient error in any attempt (I/O, a conflict) ends the isolation by throwing it: the caller retries the
/// batch, and the attempts that succeeded are idempotent (MERGE by key, latest wins).
enum RecordIsolation {
    /// `items` failed as a whole with `failure`; returns the items that fail alone, each with its error.
    static func isolate<Item>(_ items: ArraySlice<Item>, failure: IngestLoopError,
                              attempt: (ArraySlice<Item>) throws(IngestLoopError) -> Void) throws(IngestLoopError) -> [(Item, IngestLoopError)] {
        guard failure.isPermanentForRecords else { throw failure }
        guard items.count > 1 else { return items.map { ($0, failure) } }
        let middle = items.startIndex + items.count / 2
        var failed: [(Item, IngestLoopError)] = []
        for half in [items[..<middle], items[middle...]] {
            do { try attempt(half) } catch {
                failed += try isolate(half, failure: error, attempt: attempt)
            }
        }
        return failed
    }
}
