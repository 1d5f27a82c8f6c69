import Columnar

/// The distinct keys of a batch (a MERGE source, or keys to delete), indexed for probing target files:
/// per key its values (for statistics and bloom filters) and its encoded bytes (for matching rows).
struct KeyLookup: Sendable {
    let keyColumns: [String]
    private(set) var table = KeyTable()
    /// Per distinct key, one value per key column.
    private(set) var values: [[Value]] = []
    /// Per distinct key, the batch row that holds it (the winner when the batch repeats it).
    private(set) var rows: [Int] = []
    /// Rows with a null in a key column: they have no key and match nothing.
    private(set) var nullKeyRows: [Int] = []

    /// Indexes `batch` (in the table's logical schema). A repeated key keeps the row `prefer` chooses
    /// (`prefer(current, candidate)` true = take the candidate), or fails when `prefer` is nil.
    init(batch: RecordBatch, keyColumns: [String], prefer: ((Int, Int) -> Bool)?) throws(DeltaLogError) {
        self.keyColumns = keyColumns
        var cols: [Column] = []
        for k in keyColumns {
            guard let c = batch.column(named: k) else { throw .unknownColumn(k) }
            cols.append(c)
        }
        let encoder = KeyEncoder(columns: cols)
        var buffer: [UInt8] = []
        var repeats: [Int: Int] = [:]
        for r in 0..<batch.rowCount {
            guard encoder.encode(r, into: &buffer) else {
                nullKeyRows.append(r)
                continue
            }
            let (i, inserted) = buffer.withUnsafeBytes { table.insert($0) }
            if inserted {
                values.append(cols.map { $0.value(at: r) })
                rows.append(r)
                continue
            }
            guard let prefer else {
                repeats[i, default: 1] += 1
                continue
            }
            if prefer(rows[i], r) { rows[i] = r }
        }
        if let (i, n) = repeats.min(by: { $0.key < $1.key }) {
            throw .duplicateSourceKeys(key: values[i].map(\.description).joined(separator: ", "), count: n)
        }
    }

    var count: Int { rows.count }

    /// The key index of an encoded key, if the batch holds it.
    func find(_ key: UnsafeRawBufferPointer) -> Int? { table.find(key) }

    /// The ``KeyTable/hash(_:)`` of key `index`.
    func hash(_ index: Int) -> UInt64 { table.hash(at: index) }

    /// Calls `body` with the encoded bytes of key `index`.
    func withKey<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R { table.withKey(index, body) }
}
