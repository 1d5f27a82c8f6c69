#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The schemas of recently opened files, by their footer bytes (docs/FORMAT.md §6, from the field count to the
/// last field name). A table's files share one schema, and opening a file of a few rows was dominated by
/// validating its field names and building the schema's name index again: a footer whose schema bytes equal
/// a remembered one gets that schema, which the same bytes would decode to.
final class SchemaCache: @unchecked Sendable {
    static let shared = SchemaCache(capacity: 16)

    /// Schemas with more encoded bytes than this are not remembered.
    static let maxBytes = 1 << 16

    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    /// Most recently used first.
    private var entries: [(bytes: [UInt8], schema: Schema)] = []
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// The schema remembered for exactly these bytes, if any.
    func schema(for bytes: UnsafeRawBufferPointer) -> Schema? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        for (i, e) in entries.enumerated() where e.bytes.count == bytes.count {
            let same = e.bytes.withUnsafeBytes { a in
                guard let p = a.baseAddress, let q = bytes.baseAddress else { return true }
                return memcmp(p, q, bytes.count) == 0
            }
            guard same else { continue }
            if i > 0 { entries.insert(entries.remove(at: i), at: 0) }
            return e.schema
        }
        return nil
    }

    /// Remembers `schema` as what `bytes` decode to, forgetting the least recently used past `capacity`.
    func remember(_ bytes: UnsafeRawBufferPointer, _ schema: Schema) {
        guard bytes.count <= Self.maxBytes else { return }
        let copy = [UInt8](bytes)
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        entries.insert((copy, schema), at: 0)
        if entries.count > capacity { entries.removeLast() }
    }
}
