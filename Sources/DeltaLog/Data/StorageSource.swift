import Columnar

/// A data file in a table's ``Storage`` as a Columnar random-access source: readers fetch only the byte
/// ranges they need (footer, then the pages of the projected columns). A file of at most
/// ``wholeFileLimit`` bytes is read whole up front: each ranged read opens the file anew, and a small file's
/// footer, trailer and per-column reads would cost more system calls than the bytes are worth.
struct StorageSource: RandomAccessSource {
    let storage: any Storage
    let path: String
    let size: Int
    /// The whole file, when it is small.
    let contents: InMemorySource?

    static let wholeFileLimit = 1 << 20

    init(storage: any Storage, path: String, size: Int? = nil) throws(DeltaLogError) {
        self.storage = storage
        self.path = path
        if let size {
            self.size = size
        } else {
            let info: StorageEntry?
            do { info = try storage.info(path) } catch { throw .storage(error) }
            guard let info else { throw .storage(.notFound(path: path)) }
            self.size = info.size
        }
        guard self.size <= Self.wholeFileLimit else {
            contents = nil
            return
        }
        let bytes: [UInt8]
        do { bytes = try storage.read(path) } catch { throw .storage(error) }
        // The recorded size governs the reads; a file that is not that size is reported when a read needs the
        // missing bytes, as a ranged read would report it.
        contents = InMemorySource(bytes)
    }

    /// A file whose bytes are at hand (its writer still holds them): reads are served from them.
    init(storage: any Storage, path: String, contents bytes: [UInt8]) {
        self.storage = storage
        self.path = path
        size = bytes.count
        contents = InMemorySource(bytes)
    }

    func read(at offset: Int, count: Int) throws(ColumnarError) -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw .truncated(what: path, offset: offset, needed: count, available: max(0, size - max(offset, 0)))
        }
        if let contents {
            guard count <= contents.size - min(offset, contents.size) else {
                throw .io(path: path, detail: "file is \(contents.size) bytes, \(size) recorded")
            }
            return try contents.read(at: offset, count: count)
        }
        do {
            return try storage.read(path, range: offset..<(offset + count))
        } catch {
            throw .io(path: path, detail: error.description)
        }
    }
}
