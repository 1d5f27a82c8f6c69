import Columnar

/// A data file in a table's ``Storage`` as a Columnar random-access source: readers fetch only the byte
/// ranges they need (footer, then the pages of the projected columns).
struct StorageSource: RandomAccessSource {
    let storage: any Storage
    let path: String
    let size: Int

    init(storage: any Storage, path: String, size: Int? = nil) throws(DeltaLogError) {
        self.storage = storage
        self.path = path
        if let size {
            self.size = size
            return
        }
        let info: StorageEntry?
        do { info = try storage.info(path) } catch { throw .storage(error) }
        guard let info else { throw .storage(.notFound(path: path)) }
        self.size = info.size
    }

    func read(at offset: Int, count: Int) throws(ColumnarError) -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw .truncated(what: path, offset: offset, needed: count, available: max(0, size - max(offset, 0)))
        }
        do {
            return try storage.read(path, range: offset..<(offset + count))
        } catch {
            throw .io(path: path, detail: error.description)
        }
    }
}
