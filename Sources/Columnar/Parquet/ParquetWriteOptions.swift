/// Choices for writing Parquet files. The defaults favour fast scans and broad compatibility:
/// zstd, dictionary encoding where values repeat, v1 data pages, statistics on every page and chunk.
public struct ParquetWriteOptions: Sendable {
    /// Page compression.
    public enum Compression: Sendable {
        case uncompressed, snappy, gzip, zstd, lz4Raw

        var codec: ParquetCodec {
            switch self {
            case .uncompressed: return .uncompressed
            case .snappy: return .snappy
            case .gzip: return .gzip
            case .zstd: return .zstd
            case .lz4Raw: return .lz4Raw
            }
        }
    }

    public var compression: Compression = .zstd
    /// zstd level (1 is zstd's fastest standard level, as pyarrow uses by default).
    public var zstdLevel: Int32 = 1
    /// Rows per row group; a batch larger than this is split.
    public var rowGroupRows = 1_048_576
    /// Target uncompressed bytes per data page.
    public var pageBytes = 1 << 20
    /// Most rows in one data page (finer pages prune better).
    public var pageRows = 20_000
    /// Whether to try dictionary encoding.
    public var dictionary = true
    /// The largest dictionary page (PLAIN-encoded bytes); beyond it a chunk is written without a dictionary.
    public var dictionaryPageBytes = 1 << 20
    /// Whether to try DELTA_BINARY_PACKED for integer columns without a dictionary (used when smaller than PLAIN).
    public var deltaIntegers = true
    /// Write v2 data pages (levels uncompressed ahead of the values) instead of v1.
    public var dataPageV2 = false
    /// Store a CRC-32 of every page so that readers detect corrupted pages instead of returning wrong values.
    public var pageChecksums = true
    /// Columns that get a split-block bloom filter (typically the key columns).
    public var bloomFilterColumns: Set<String> = []
    /// The bloom filters' target false positive rate.
    public var bloomFilterFalsePositiveRate = 0.01
    /// Extra key/value pairs stored in the footer.
    public var metadata: [String: String] = [:]

    public init() {}
}
