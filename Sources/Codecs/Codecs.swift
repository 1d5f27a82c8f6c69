/// Compression codecs and checksums used by every layer of SwiftLake: zstd and zlib for data pages,
/// gzip, snappy, lz4 and zstd for Kafka record batches, CRC-32 for file integrity and CRC-32C for Kafka.
///
/// Every decompressor is bounded: callers pass the size they expect or the most they accept, so a corrupt or
/// hostile input yields a ``CodecError`` rather than an unbounded allocation or a crash.
public enum CompressionCodec: String, Sendable, CaseIterable {
    case none, zstd, zlib, gzip, snappy, lz4
}
