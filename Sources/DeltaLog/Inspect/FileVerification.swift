import Columnar

extension DeltaTable {
    /// Checks one live file of `snapshot`: it exists with the recorded size, every page of every column
    /// decodes (which verifies the page checksums of columnar files), its row count agrees with its
    /// statistics, and its deletion vector loads, verifies and deletes the recorded number of rows.
    /// Returns the faults found; an empty array means the file is sound.
    public func verify(file: AddFile, in snapshot: Snapshot) -> [VerificationFault] {
        var faults: [VerificationFault] = []
        func fault(_ kind: VerificationFault.Kind, _ detail: String) {
            faults.append(VerificationFault(kind: kind, path: file.path, detail: detail))
        }
        if let d = file.deletionVector {
            do {
                _ = try DeletionVectorStore(storage: storage, location: location).load(d)
            } catch {
                fault(.badDeletionVector, error.description)
            }
        }
        let info: StorageEntry?
        do { info = try storage.info(file.path) } catch {
            fault(.missingFile, error.description)
            return faults
        }
        guard let info else {
            fault(.missingFile, "no such file (the log records \(file.size) bytes)")
            return faults
        }
        guard Int64(info.size) == file.size else {
            fault(.sizeMismatch, "\(info.size) bytes on disk, the log records \(file.size)")
            return faults
        }
        do {
            let rows = try readEveryPage(file, snapshot)
            if let expected = FileStatistics(json: file.stats)?.numRecords, expected != Int64(rows) {
                fault(.rowCountMismatch, "holds \(rows) rows, its statistics say \(expected)")
            }
        } catch {
            fault(.unreadableData, error.description)
        }
        return faults
    }

    /// Decodes every column of every row group; returns the number of rows read.
    private func readEveryPage(_ file: AddFile, _ snapshot: Snapshot) throws(DeltaLogError) -> Int {
        let format = try DataFormats.format(for: snapshot.protocolAction, metadata: snapshot.metadata)
        let source = try StorageSource(storage: storage, path: file.path, size: Int(file.size))
        var rows = 0
        do {
            let reader = try format.open(source)
            var scanner = try reader.scan(columns: reader.schema.fields.map(\.name), where: nil)
            while let b = try scanner.next() { rows += b.batch.rowCount }
        } catch { throw .columnar(error) }
        return rows
    }
}
