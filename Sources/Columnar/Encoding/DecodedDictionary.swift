/// A chunk's decoded dictionary page, ready for gathering: for variable-length values, a copy of the entries'
/// bytes followed by ``padding`` zero bytes, so that entries up to that long are copied as whole 16-byte words
/// (a call to `memcpy` per value cost more than the copy itself for short strings).
struct DecodedDictionary {
    let values: Column
    /// `values`' byte buffer (as its offsets index it) and then `padding` zero bytes; empty for fixed-width values.
    let paddedBytes: [UInt8]

    static let padding = 32

    var count: Int { values.count }

    init(_ values: Column) {
        self.values = values
        switch values {
        case let .string(v), let .json(v), let .binary(v):
            var bytes: [UInt8] = []
            v.withUnsafeBuffers { _, all in
                bytes.reserveCapacity(all.count + Self.padding)
                bytes.append(contentsOf: all)
            }
            bytes.append(contentsOf: repeatElement(0, count: Self.padding))
            paddedBytes = bytes
        default:
            paddedBytes = []
        }
    }
}
