/// Opens a columnar file (docs/FORMAT.md) with positional reads: the trailer and footer first, then only the
/// pages a scan needs. Every structure read is validated; problems are thrown as ``ColumnarError``.
public struct ColumnarReader: Sendable {
    public let source: any RandomAccessSource
    public let metadata: FileMetadata

    public var schema: Schema { metadata.schema }
    public var rowCount: Int { metadata.rowCount }

    public init(source: any RandomAccessSource) throws(ColumnarError) {
        self.source = source
        let size = source.size
        let minimum = FileLayout.headerSize + FileLayout.trailerSize
        guard size >= minimum else { throw .truncated(what: "file", offset: 0, needed: minimum, available: size) }
        let head = try source.read(at: 0, count: FileLayout.headerSize)
        guard Array(head[0..<4]) == FileLayout.magic else { throw .badMagic(what: "file header", offset: 0) }
        let version = Int(head[4]) | Int(head[5]) << 8
        guard version == Int(FileLayout.formatVersion) else { throw .unsupportedVersion(version) }
        guard head[6] == 0 && head[7] == 0 else { throw .corrupt(what: "file header", offset: 6, detail: "reserved bytes are not zero") }
        let trailerAt = size - FileLayout.trailerSize
        let trailer = try source.read(at: trailerAt, count: FileLayout.trailerSize)
        guard Array(trailer[8..<12]) == FileLayout.magic else { throw .badMagic(what: "file trailer", offset: trailerAt + 8) }
        let footerLength = trailer.withUnsafeBytes { Int(UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self))) }
        let storedCRC = trailer.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: 4, as: UInt32.self)) }
        guard footerLength <= trailerAt - FileLayout.headerSize else {
            throw .corrupt(what: "file trailer", offset: trailerAt, detail: "footer length \(footerLength) exceeds the file")
        }
        let footerAt = trailerAt - footerLength
        let footer = try source.read(at: footerAt, count: footerLength)
        let crc = CRC32CChecksum.of(footer)
        guard crc == storedCRC else { throw .checksumMismatch(what: "footer", offset: footerAt, stored: storedCRC, computed: crc) }
        metadata = try footer.withBytes { raw throws(ColumnarError) in
            try FooterCodec.decode(raw, offset: footerAt, dataEnd: footerAt)
        }
    }

    public init(bytes: [UInt8]) throws(ColumnarError) { try self.init(source: InMemorySource(bytes)) }

    public init(path: String) throws(ColumnarError) { try self.init(source: FileSource(path: path)) }

    /// The bloom filter of a chunk, if the writer made one.
    public func bloomFilter(rowGroup: Int, column: Int) throws(ColumnarError) -> BloomFilter? {
        guard metadata.rowGroups.indices.contains(rowGroup) else {
            throw .rowIndexOutOfRange(index: rowGroup, count: metadata.rowGroups.count)
        }
        guard schema.fields.indices.contains(column) else { throw .columnIndexOutOfRange(index: column, count: schema.count) }
        guard let loc = metadata.rowGroups[rowGroup].columns[column].bloomFilter else { return nil }
        let bytes = try source.read(at: loc.offset, count: loc.length)
        let crc = CRC32CChecksum.of(bytes)
        guard crc == loc.crc else { throw .checksumMismatch(what: "bloom filter", offset: loc.offset, stored: loc.crc, computed: crc) }
        let words = bytes.withUnsafeBytes { raw in
            (0..<(loc.length / 4)).map { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)) }
        }
        return BloomFilter(words: words)
    }

    /// False when statistics or bloom filters prove that no row has `column == value`. To probe many values,
    /// load a ``KeyFilter`` once instead.
    public func mightContain(column: String, value: Value) throws(ColumnarError) -> Bool {
        try keyFilter(column: column).mightContain(value)
    }

    /// The statistics and bloom filters of `column` in every row group, loaded once for fast probing.
    public func keyFilter(column: String) throws(ColumnarError) -> KeyFilter {
        guard let i = schema.index(of: column) else { throw .unknownColumn(name: column) }
        var groups: [(ColumnStatistics, BloomFilter?)] = []
        for g in metadata.rowGroups.indices {
            groups.append((metadata.rowGroups[g].columns[i].statistics, try bloomFilter(rowGroup: g, column: i)))
        }
        return KeyFilter(column: column, type: schema.fields[i].type, groups: groups)
    }

    /// False when statistics or bloom filters prove that no row of row group `g` satisfies `predicate`.
    public func rowGroupMightMatch(_ g: Int, _ predicate: Predicate) throws(ColumnarError) -> Bool {
        try predicate.validate(against: schema)
        let group = metadata.rowGroups[g]
        var blooms: [String: BloomFilter] = [:]
        for name in predicate.columns {
            if let i = schema.index(of: name), group.columns[i].bloomFilter != nil {
                blooms[name] = try bloomFilter(rowGroup: g, column: i)
            }
        }
        let pruner = StatisticsPruner(
            statistics: { name in schema.index(of: name).map { group.columns[$0].statistics } },
            mightContain: { name, v in blooms[name]?.mightContain(v) ?? true })
        return pruner.evaluate(predicate).canBeTrue
    }

    /// A scan of the named columns (all when nil) of the rows where `predicate` is true (all when nil),
    /// one batch per row group that has matching rows.
    public func scan(columns: [String]? = nil, where predicate: Predicate? = nil) throws(ColumnarError) -> ColumnarScanner {
        var projection: [Int] = []
        for name in columns ?? schema.fields.map(\.name) {
            guard let i = schema.index(of: name) else { throw .unknownColumn(name: name) }
            projection.append(i)
        }
        try predicate?.validate(against: schema)
        return ColumnarScanner(reader: self, projection: projection, predicate: predicate)
    }

    /// Every matching row in one batch, with row positions (convenient for small files and tests).
    public func readAll(columns: [String]? = nil, where predicate: Predicate? = nil) throws(ColumnarError) -> ScanBatch {
        var scanner = try scan(columns: columns, where: predicate)
        var batches: [RecordBatch] = []
        var positions: [Int64] = []
        while let b = try scanner.next() {
            batches.append(b.batch)
            positions.append(contentsOf: b.rowPositions)
        }
        let projected = try schema.project(scanner.projection)
        return ScanBatch(batch: batches.isEmpty ? .empty(projected) : try RecordBatch.concatenate(batches, schema: projected),
                         rowPositions: positions)
    }
}

/// Rows from a scan with, for each row, its position in the file (0-based over all row groups).
public struct ScanBatch: Sendable, Equatable {
    public var batch: RecordBatch
    public var rowPositions: [Int64]
}
