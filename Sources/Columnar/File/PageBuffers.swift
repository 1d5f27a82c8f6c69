/// Buffers a writer reuses from page to page and chunk to chunk: once they have grown to the largest page,
/// encoding and compressing a page allocate nothing (a fresh megabyte buffer per page costs a page fault
/// per 4 KiB on first touch, more than compressing it).
struct PageBuffers {
    /// The body of the page being encoded.
    var body = ByteWriter()
    /// The compressed body.
    var packed: [UInt8] = []

    /// Empties `body` for the next page, keeping its storage.
    mutating func startPage() { body.bytes.removeAll(keepingCapacity: true) }
}
