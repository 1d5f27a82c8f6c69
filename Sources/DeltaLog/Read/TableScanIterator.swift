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
        let residual: Predicate?
        let output: [String]
        /// Rows the file's deletion vector removes.
        let deleted: RoaringBitmapArray?
    }

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

    private func open(_ f: AddFile) throws(DeltaLogError) -> OpenFile {
        let snapshot = scan.snapshot
        let deleted = try f.deletionVector.map { d throws(DeltaLogError) in
            try DeletionVectorStore(storage: scan.table.storage, location: scan.table.location).load(d)
        }
        let schema = snapshot.schema
        let dataFile = try StorageSource(storage: scan.table.storage, path: f.path, size: Int(f.size))
        let reader: any TableDataReader
        do { reader = try format.open(dataFile) } catch { throw .columnar(error) }
        let fileFields = reader.schema.fields
        let partitions = PartitionFilter(schema: schema, partitionColumns: snapshot.partitionColumns)
        let partitionValues = try partitions.values(f.partitionValues)

        // Columns needed: the output plus whatever row-level predicates read.
        var needed = countOnly ? [] : scan.columns
        var pushed: [Predicate] = []
        var residual: [Predicate] = scan.plan.mixedConjuncts
        var sources: [String: Source] = [:]
        func source(_ name: String) -> Source {
            if let s = sources[name] { return s }
            guard let c = schema.column(named: name) else { return .missing }
            let s: Source
            if let v = partitionValues[name] {
                s = .partition(v)
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
        let scanner: any TableDataScanner
        do { scanner = try reader.scan(columns: read, where: PredicateParts.and(pushed)) } catch { throw .columnar(error) }
        return OpenFile(file: f, scanner: scanner, sources: layout, residual: PredicateParts.and(residual),
                        output: countOnly ? [] : scan.columns, deleted: deleted)
    }

    private func assemble(_ b: (batch: RecordBatch, rowPositions: [Int64]), _ open: OpenFile) throws(DeltaLogError) -> TableScanBatch? {
        let n = b.batch.rowCount
        var columns: [String: Column] = [:]
        for (name, type, source) in open.sources {
            switch source {
            case let .partition(v):
                columns[name] = try ConstantColumn.make(v, type: type, count: n)
            case let .file(fileName, _):
                guard let c = b.batch.column(named: fileName) else { throw .unknownColumn(fileName) }
                columns[name] = try TypeWidening.cast(c, to: type)
            case .missing:
                columns[name] = Column.nulls(type, count: n)
            }
        }
        var keep = open.deleted?.liveIndices(of: b.rowPositions)
        if let residual = open.residual {
            keep = (keep ?? Array(0..<n)).filter { r in residual.evaluate { columns[$0]?.value(at: r) ?? .null } == true }
        }
        let schema = scan.plan.outputSchema
        var out: [Column] = []
        for f in schema.fields where !open.output.isEmpty {
            guard let c = columns[f.name] else { throw .unknownColumn(f.name) }
            out.append(keep.map { c.take($0) } ?? c)
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
