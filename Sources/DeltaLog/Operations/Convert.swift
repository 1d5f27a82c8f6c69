import Columnar

/// The format of a table's data files.
public enum TableFileFormat: String, Sendable, CaseIterable {
    /// SwiftLake's own columnar files (reader feature `swiftlakeColumnarFiles`, provider `swiftlake`).
    case native
    /// Parquet: an open Delta table other engines read (provider `parquet`).
    case parquet
}

/// What ``DeltaTable/convert(to:options:)`` did.
public struct ConvertResult: Sendable {
    /// The new version; nil when the table already was in the requested format.
    public let commit: CommitResult?
    public let filesRemoved: Int
    public let bytesRemoved: Int64
    public let filesAdded: Int
    public let bytesAdded: Int64
    /// Rows written: the live rows, deletion vectors applied.
    public let rows: Int64
}

extension Snapshot {
    /// The format of this version's data files.
    public var fileFormat: TableFileFormat { Checkpoint.isNative(state) ? .native : .parquet }
}

extension DeltaTable {
    /// Rewrites every live data file in the other format as one new version: each file's rows, deletion
    /// vectors applied and types cast to the current schema, become new files in the same partition; the commit
    /// removes the old files and adds the new ones (`dataChange: false`) and switches the protocol and metadata
    /// (`swiftlakeColumnarFiles` and provider `swiftlake` for native; provider `parquet` for Parquet, without that
    /// feature, `deletionVectors`, nor `typeWidening` unless a column records a type change). Earlier versions still read their old files, so time travel works until vacuum removes them.
    /// The transaction reads the whole table: a concurrent write is a conflict, reported, not lost.
    ///
    /// `options` supplies the file layout (`maxRowsPerFile`, `rowGroupRows`) and key columns that get bloom
    /// filters (`bloomFilterColumns`); an already converted table is left alone (no commit).
    public func convert(to target: TableFileFormat, options: WriteOptions = WriteOptions()) throws(DeltaLogError) -> ConvertResult {
        let snapshot = try snapshot()
        guard snapshot.fileFormat != target else {
            return ConvertResult(commit: nil, filesRemoved: 0, bytesRemoved: 0, filesAdded: 0, bytesAdded: 0, rows: 0)
        }
        var protocolAction = snapshot.protocolAction
        var metadata = snapshot.metadata
        switch target {
        case .parquet:
            // Declare only what the rewritten table uses, so other engines open it: no columnar files, no deletion
            // vector left (a later one declares the feature again), and type widening only while a column
            // still records a type change.
            let widened = metadata.schemaString.contains("\"delta.typeChanges\"")
            let dropped: Set<String> = widened ? [ProtocolAction.swiftLakeColumnarFeature, "deletionVectors"]
                : [ProtocolAction.swiftLakeColumnarFeature, "deletionVectors", "typeWidening", "typeWidening-preview"]
            protocolAction.readerFeatures?.removeAll { dropped.contains($0) }
            protocolAction.writerFeatures?.removeAll { dropped.contains($0) }
            metadata.formatProvider = "parquet"
        case .native:
            protocolAction = protocolAction.adding(feature: ProtocolAction.swiftLakeColumnarFeature) ?? protocolAction
            metadata.formatProvider = "swiftlake"
        }
        let schema = snapshot.schema
        let bloom = Set(options.bloomFilterColumns.compactMap { schema.column(named: $0)?.physicalName })
        let writer = DataWriter(storage: storage, format: try DataFormats.format(for: protocolAction, metadata: metadata),
                                schema: schema, partitionColumns: snapshot.partitionColumns,
                                options: DataFileWriteOptions(rowGroupRows: options.rowGroupRows, bloomFilterColumns: bloom),
                                maxRowsPerFile: options.maxRowsPerFile)
        var tx = try startTransaction(on: snapshot, isolation: options.isolation)
        tx.readWholeTable()
        tx.updateProtocol(protocolAction)
        tx.updateMetadata(metadata)
        let now = Transaction.nowMillis()
        let names = schema.columns.map(\.name)
        var bytesRemoved: Int64 = 0, bytesAdded: Int64 = 0, filesAdded = 0, rows: Int64 = 0
        // File by file, so memory holds one file's rows and the partition layout stays as it was.
        for file in snapshot.files {
            let batch = try TableScan(table: self, snapshot: snapshot, columns: names, filter: nil, only: [file]).collect()
            let added = try writer.write(batch)
            tx.remove(file.removal(at: now, dataChange: false))
            for var f in added {
                f.dataChange = false
                tx.add(f)
                bytesAdded += f.size
            }
            filesAdded += added.count
            bytesRemoved += file.size
            rows += Int64(batch.rowCount)
        }
        let commit = try tx.commit(operation: "CONVERT", parameters: ["format": target.rawValue], metrics: [
            "numRemovedFiles": String(snapshot.fileCount), "numRemovedBytes": String(bytesRemoved),
            "numAddedFiles": String(filesAdded), "numAddedBytes": String(bytesAdded), "numOutputRows": String(rows),
        ])
        return ConvertResult(commit: commit, filesRemoved: snapshot.fileCount, bytesRemoved: bytesRemoved, filesAdded: filesAdded,
                             bytesAdded: bytesAdded, rows: rows)
    }
}
