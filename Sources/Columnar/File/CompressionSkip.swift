/// When a chunk's data pages stop being offered to the compressor: after two in a row that it did not shrink at
/// all (random bits), the next `pagesSkipped` are stored as they are, then one is tried again. A page that
/// compresses resets the count. Pages near the pay-off threshold keep being tried, so the file only differs from
/// trying every page when whole runs of pages are incompressible.
struct CompressionSkip {
    static let pagesSkipped = 7
    private var failures = 0
    private var left = 0

    /// Whether the next data page should be stored without trying to compress it.
    mutating func next() -> Bool {
        guard left > 0 else { return false }
        left -= 1
        return true
    }

    /// Records the outcome of compressing a data page.
    mutating func record(shrunk: Bool) {
        if shrunk {
            failures = 0
        } else {
            failures += 1
            if failures >= 2 { left = Self.pagesSkipped }
        }
    }
}
