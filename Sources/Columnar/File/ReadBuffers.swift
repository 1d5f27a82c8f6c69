/// Buffers a scan reuses from chunk to chunk and page to page: the stored bytes of a chunk and a page's
/// decompressed body. Once they have grown to the largest chunk and page, reading allocates neither again
/// (fresh megabytes per chunk or page cost a page fault per 4 KiB, about what decompressing them costs).
struct ReadBuffers {
    /// The stored bytes of the chunk being read (its first `count` bytes; the rest is left from earlier chunks).
    var chunk: [UInt8] = []
    /// The decompressed body of the page being decoded.
    var page: [UInt8] = []

    /// Grows `buffer` to at least `count` bytes (never shrinks it).
    static func ensure(_ buffer: inout [UInt8], _ count: Int) {
        if buffer.count < count { buffer.append(contentsOf: repeatElement(0, count: count - buffer.count)) }
    }
}
