/// Everything the footer of a columnar file says (docs/FORMAT.md §6): the schema with field ids, row groups,
/// column chunks, pages with statistics, bloom filter locations and key/value metadata.
public struct FileMetadata: Sendable, Equatable {
    public var schema: Schema
    public var rowGroups: [RowGroupMetadata]
    public var keyValueMetadata: [String: String]
    public var createdBy: String

    /// Rows in the file.
    public var rowCount: Int { rowGroups.reduce(0) { $0 + $1.rowCount } }

    /// Statistics of each column over the whole file, in schema order.
    public var columnStatistics: [ColumnStatistics] {
        schema.fields.indices.map { c in
            rowGroups.dropFirst().reduce(rowGroups.first?.columns[c].statistics ?? ColumnStatistics(valueCount: 0, nullCount: 0)) {
                $0.merged(with: $1.columns[c].statistics)
            }
        }
    }
}

/// One horizontal slice of the file.
public struct RowGroupMetadata: Sendable, Equatable {
    public var rowCount: Int
    /// Position in the file of the group's first row.
    public var firstRow: Int
    /// One chunk per schema field, in schema order.
    public var columns: [ColumnChunkMetadata]
}

/// One column of one row group: a contiguous run of pages.
public struct ColumnChunkMetadata: Sendable, Equatable {
    /// Absolute offset and length of the chunk's pages.
    public var offset: Int
    public var length: Int
    /// Sum of page header sizes and uncompressed body sizes.
    public var uncompressedSize: Int
    public var statistics: ColumnStatistics
    public var pages: [PageMetadata]
    public var bloomFilter: BloomFilterLocation?

    /// The distinct encodings of the chunk's pages.
    public var encodings: [PageEncoding] {
        var seen: [PageEncoding] = []
        for p in pages where !seen.contains(p.encoding) { seen.append(p.encoding) }
        return seen
    }

    /// The distinct compressions of the chunk's pages.
    public var compressions: [ColumnarCompression] {
        var seen: [ColumnarCompression] = []
        for p in pages where !seen.contains(p.compression) { seen.append(p.compression) }
        return seen
    }
}

/// One page as listed in the footer.
public struct PageMetadata: Sendable, Equatable {
    public var isDictionary: Bool
    public var encoding: PageEncoding
    public var compression: ColumnarCompression
    /// Absolute offset of the page header; length of header plus stored body.
    public var offset: Int
    public var length: Int
    /// Rows in a data page; entries in a dictionary page.
    public var valueCount: Int
    /// Row of the row group where a data page starts.
    public var firstRow: Int
    /// Statistics of a data page's rows (a dictionary page has none: nil min/max, zero counts).
    public var statistics: ColumnStatistics
}

/// Where a chunk's bloom filter lies, and the CRC-32C of its bytes.
public struct BloomFilterLocation: Sendable, Equatable {
    public var offset: Int
    public var length: Int
    public var crc: UInt32
}
