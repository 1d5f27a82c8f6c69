import Codecs

/// CRC-32C over byte arrays and slices, the checksum of every page, bloom filter and footer.
enum CRC32CChecksum {
    static func of(_ bytes: [UInt8]) -> UInt32 { CRC32C.checksum(bytes) }
    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt32 { CRC32C.checksum(bytes) }
}
