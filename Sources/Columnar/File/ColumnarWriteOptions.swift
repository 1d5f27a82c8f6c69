/// How ``ColumnarWriter`` lays out a file.
public struct ColumnarWriteOptions: Sendable {
    /// Rows per row group (the last one may be smaller).
    public var rowGroupRows = 262_144
    /// Most rows per data page.
    public var pageRows = 16_384
    /// Target uncompressed bytes per data page.
    public var pageBytes = 1 << 20
    /// Page compression; a page whose compressed form saves less than 1/32 of its size is stored uncompressed.
    /// After two value pages of a chunk that compression could not shrink at all (random bits), the chunk's next
    /// 7 are stored without trying (see `CompressionSkip`).
    public var compression: ColumnarCompression = .zstd
    /// zstd level (1...19) or zlib level (0...9). zstd 1 costs ~1.5% in size against 3 on the benchmark
    /// dataset and saves a third of the compression time.
    public var compressionLevel: Int32 = 1
    /// Columns that get a bloom filter per row group (e.g. `_id`).
    public var bloomFilterColumns: Set<String> = []
    /// Target false-positive rate of the bloom filters.
    public var bloomFilterFPP = 0.01
    /// Stored in the footer.
    public var keyValueMetadata: [String: String] = [:]
    /// A chunk gives up dictionary encoding past this many distinct values...
    public var dictionaryMaxEntries = 1 << 16
    /// ...or this many bytes of distinct variable-length values.
    public var dictionaryMaxBytes = 1 << 20
    /// String/binary statistics longer than this are truncated (min) or dropped (max).
    public var statisticsMaxBytes = 64
    /// Forces an encoding for the named columns instead of measuring (for tests and experiments).
    public var forcedEncodings: [String: PageEncoding] = [:]
    /// Identifies the writer in the footer.
    public var createdBy = "SwiftLake Columnar 1"

    public init() {}
}
