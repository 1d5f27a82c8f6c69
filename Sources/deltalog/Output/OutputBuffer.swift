/// Collects standard output lines and writes them in large chunks, so streaming millions of rows costs a
/// few hundred write calls instead of one per row.
struct OutputBuffer {
    private var text = ""
    static let flushBytes = 1 << 16

    init() { text.reserveCapacity(Self.flushBytes + 4096) }

    mutating func line(_ s: String) {
        text += s
        text += "\n"
        if text.utf8.count >= Self.flushBytes { flush() }
    }

    mutating func flush() {
        guard !text.isEmpty else { return }
        Console.write(text, to: 1)
        text.removeAll(keepingCapacity: true)
    }
}
