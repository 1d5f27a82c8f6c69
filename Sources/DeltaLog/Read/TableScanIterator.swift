import Columnar

/// Produces a scan's batches file by file.
public struct TableScanIterator: Sendable {
    let scan: TableScan
    let format: any TableDataFormat
    /// Only row counts matter: read no output columns.
    let countOnly: Bool
    private var nextFile = 0
    private var current: OpenFile?

    init(scan: TableScan, format: any TableDataFormat, countOnly: Bool = false) {
        self.scan = scan
        self.format = format
        self.countOnly = countOnly
    }

    /// Where each needed logical column comes from in one file.
    enum Source: Sendable {
        case partition(Value)
        case file(name: String, type: DataType)
        case missing
    }

    struct OpenFile: Sendable {
        let file: AddFile
        var scanner: any TableDataScanner
        let sources: [(name: String, type: DataType, source: Source)]
        /// For each output column, its index in `sources`.
        let outputSlots: [Int]
        let residual: Predicate?
        let output: [String]
        /// Rows the file's deletion vector removes.
        let deleted: RoaringBitmapArray?
    }

    /// What opening a file works out from its stored schema alone, kept for the next file with the same schema and
    /// partition columns (a table's files mostly share one): which columns to read, what to push down, and where
    /// each needed column comes from (partition sources hold a placeholder value).
    private struct FileLayout: Sendable {
        let fields: [Field]
        let partitionNames: [String]
        let pushed: Predicate?
        let residual: Predicate?
        let read: [String]
        let sources: [(name: String, type: DataType, source: Source)]
        let outputSlots: [Int]
    }

    private var lastLayout: FileLayout?

    /// The next batch with at least one row, or nil when the scan is done.
    public mutating func next() throws(DeltaLogError) -> TableScanBatch? {
        while true {
            if current == nil {
                guard nextFile < scan.plan.files.count else { return nil }
                let f = scan.plan.files[nextFile]
                nextFile += 1
                current = try open(f)
            }
            guard var open = current else { return nil }
            let batch: (batch: RecordBatch, rowPositions: [Int64])?
            do { batch = try open.scanner.next() } catch { throw .columnar(error) }
            current = open
            guard let batch else { current = nil; continue }
            if let out = try assemble(batch, open), out.batch.rowCount > 0 { return out }
        }
    }

    private mutating func open(_ f: AddFile) throws(DeltaLogError) -> OpenFile {
        let snapshot = scan.snapshot
        let deleted = try f.deletionVector.map { d throws(DeltaLogError) in
            try DeletionVectorStore(storage: scan.table.storage, location: scan.table.location).load(d)
        }
        // An operation's own read of a file this process just wrote takes the rows it was written from.
        let kept = scan.readsRecentFiles && format is SeamFormat
            ? scan.table.storage.recentFileKey(f.path).flatMap { scan.table.storage.recentFileCache?.rows($0, size: f.size) } : nil
        enum Stored {
            case kept(RecordBatch)
            case file(any TableDataReader)
        }
        let stored: Stored
        if let kept {
            stored = .kept(kept)
        } else {
            let dataFile = try StorageSource(storage: scan.table.storage, path: f.path, size: Int(f.size))
            do { stored = .file(try format.open(dataFile)) } catch { throw .columnar(error) }
        }
        let fileFields: [Field]
        switch stored {
        case let .kept(rows): fileFields = rows.schema.fields
        case let .file(reader): fileFields = reader.schema.fields
        }
        let partitions = PartitionFilter(schema: snapshot.schema, partitionColumns: snapshot.partitionColumns)
        let partitionValues = try partitions.values(f.partitionValues)
        let layout: FileLayout
        if let last = lastLayout, last.fields == fileFields, last.partitionNames.count == partitionValues.count,
           last.partitionNames.allSatisfy({ partitionValues[$0] != nil }) {
            layout = last
        } else {
            layout = Self.layout(scan, countOnly: countOnly, fields: fileFields, partitionNames: Array(partitionValues.keys))
            lastLayout = layout
        }
        var sources = layout.sources
        for i in sources.indices {
            if case .partition = sources[i].source { sources[i].source = .partition(partitionValues[sources[i].name] ?? .null) }
        }
        let scanner: any TableDataScanner
        do {
            switch stored {
            case let .kept(rows): scanner = try RecentFileScanner(rows: rows, columns: layout.read, where: layout.pushed)
            case let .file(reader): scanner = try reader.scan(columns: layout.read, where: layout.pushed)
            }
        } catch { throw .columnar(error) }
        return OpenFile(file: f, scanner: scanner, sources: sources, outputSlots: layout.outputSlots, residual: layout.residual,
                        output: countOnly ? [] : scan.columns, deleted: deleted)
    }

    /// Works out a file's ``FileLayout`` from its stored fields and the names of the partition columns with values.
    private static func layout(_ scan: TableScan, countOnly: Bool, fields fileFields: [Field], partitionNames: [String]) -> FileLayout {
        let schema = scan.snapshot.schema
        let partitionSet = Set(partitionNames)
        // Columns needed: the output plus whatever row-level predicates read.
        var needed = countOnly ? [] : scan.columns
        var pushed: [Predicate] = []
        var residual: [Predicate] = scan.plan.mixedConjuncts
        var sources: [String: Source] = [:]
        func source(_ name: String) -> Source {
            if let s = sources[name] { return s }
            guard let c = schema.column(named: name) else { return .missing }
            let s: Source
            if partitionSet.contains(name) {
                s = .partition(.null)
            } else if let field = fileFields.first(where: { schema.columnMapping ? $0.id == c.id : $0.name == c.physicalName }) {
                s = .file(name: field.name, type: field.type)
            } else {
                s = .missing
            }
            sources[name] = s
            return s
        }
        for c in scan.plan.dataConjuncts {
            // Push down when every column is in the file with the table's type; else filter rows after casting.
            var renames: [String: String] = [:]
            let pushable = c.columns.allSatisfy { name in
                guard case let .file(fileName, type) = source(name), type == schema.column(named: name)?.type else { return false }
                renames[name] = fileName
                return true
            }
            if pushable { pushed.append(PredicateParts.rename(c, renames)) } else { residual.append(c) }
        }
        for c in residual.flatMap(\.columns) where !needed.contains(c) { needed.append(c) }
        var read: [String] = []
        var layout: [(name: String, type: DataType, source: Source)] = []
        for n in needed {
            let s = source(n)
            if case let .file(fileName, _) = s, !read.contains(fileName) { read.append(fileName) }
            layout.append((n, schema.column(named: n)?.type ?? .string, s))
        }
        let slots = countOnly ? [] : scan.plan.outputSchema.fields.map { f in layout.firstIndex { $0.name == f.name } ?? -1 }
        return FileLayout(fields: fileFields, partitionNames: partitionNames, pushed: PredicateParts.and(pushed),
                          residual: PredicateParts.and(residual), read: read, sources: layout, outputSlots: slots)
    }

    private func assemble(_ b: (batch: RecordBatch, rowPositions: [Int64]), _ open: OpenFile) throws(DeltaLogError) -> TableScanBatch? {
        let n = b.batch.rowCount
        var columns: [Column] = []
        columns.reserveCapacity(open.sources.count)
        for (_, type, source) in open.sources {
            switch source {
            case let .partition(v):
                columns.append(try ConstantColumn.make(v, type: type, count: n))
            case let .file(fileName, _):
                guard let c = b.batch.column(named: fileName) else { throw .unknownColumn(fileName) }
                columns.append(try TypeWidening.cast(c, to: type))
            case .missing:
                columns.append(Column.nulls(type, count: n))
            }
        }
        var keep = open.deleted?.liveIndices(of: b.rowPositions)
        if let residual = open.residual {
            var slot: [String: Int] = [:]
            for (i, s) in open.sources.enumerated() where slot[s.name] == nil { slot[s.name] = i }
            keep = (keep ?? Array(0..<n)).filter { r in residual.evaluate { slot[$0].map { columns[$0].value(at: r) } ?? .null } == true }
        }
        let schema = scan.plan.outputSchema
        var out: [Column] = []
        if !open.output.isEmpty {
            out.reserveCapacity(open.outputSlots.count)
            for (f, i) in zip(schema.fields, open.outputSlots) {
                guard columns.indices.contains(i) else { throw .unknownColumn(f.name) }
                out.append(keep.map { columns[i].take($0) } ?? columns[i])
            }
        }
        let rows = keep?.count ?? n
        let positions = keep.map { k in k.map { b.rowPositions[$0] } } ?? b.rowPositions
        let batch: RecordBatch
        do {
            batch = open.output.isEmpty ? try RecordBatch(schema: Schema([]), columns: [], rowCount: rows)
                : try RecordBatch(schema: schema, columns: out, rowCount: rows)
        } catch { throw .columnar(error) }
        return TableScanBatch(batch: batch, file: open.file, rowPositions: positions)
    }
}
