/// Appends values to a column of one logical type, then produces the immutable ``Column``.
/// Typed appends (`append(int64:)` ...) are the fast path; `append(_ value: Value)` is the convenient one.
public struct ColumnBuilder: Sendable {
    public let type: DataType
    public internal(set) var count = 0
    // Only the buffer matching `type` is used; keeping them as separate stored properties (rather than an
    // enum payload) lets appends mutate in place without copy-on-write copies.
    var validity: Bitmap?
    var bools = Bitmap()
    var i32: [Int32] = []
    var i64: [Int64] = []
    var f32: [Float] = []
    var f64: [Double] = []
    var offsets: [Int] = [0]
    var bytes: [UInt8] = []

    public init(type: DataType, capacity: Int = 0, byteCapacity: Int = 0) {
        self.type = type
        switch type {
        case .boolean: bools.reserveCapacity(capacity)
        case .int32, .date: i32.reserveCapacity(capacity)
        case .int64, .timestamp: i64.reserveCapacity(capacity)
        case .float32: f32.reserveCapacity(capacity)
        case .float64: f64.reserveCapacity(capacity)
        case .string, .binary, .json:
            offsets.reserveCapacity(capacity + 1)
            bytes.reserveCapacity(byteCapacity)
        }
    }

    /// Reserves the value buffers for `rows` rows ahead of decoding a chunk into them, asking for huge pages
    /// on the large ones (see `HugePageAdvice`).
    mutating func reserveForDecoding(rows: Int) {
        switch type {
        case .boolean: bools.reserveCapacity(rows)
        case .int32, .date: i32.reserveForDecoding(rows)
        case .int64, .timestamp: i64.reserveForDecoding(rows)
        case .float32: f32.reserveForDecoding(rows)
        case .float64: f64.reserveForDecoding(rows)
        case .string, .binary, .json: offsets.reserveForDecoding(rows + 1)
        }
    }

    public mutating func appendNull() {
        if validity == nil { validity = Bitmap(repeating: true, count: count) }
        validity?.append(false)
        switch type {
        case .boolean: bools.append(false)
        case .int32, .date: i32.append(0)
        case .int64, .timestamp: i64.append(0)
        case .float32: f32.append(0)
        case .float64: f64.append(0)
        case .string, .binary, .json: offsets.append(bytes.count)
        }
        count += 1
    }

    /// Appends `n` nulls.
    public mutating func appendNulls(_ n: Int) {
        guard n > 0 else { return }
        if validity == nil { validity = Bitmap(repeating: true, count: count) }
        validity?.append(repeating: false, count: n)
        switch type {
        case .boolean: bools.append(repeating: false, count: n)
        case .int32, .date: i32.append(contentsOf: repeatElement(0, count: n))
        case .int64, .timestamp: i64.append(contentsOf: repeatElement(0, count: n))
        case .float32: f32.append(contentsOf: repeatElement(0, count: n))
        case .float64: f64.append(contentsOf: repeatElement(0, count: n))
        case .string, .binary, .json: offsets.append(contentsOf: repeatElement(bytes.count, count: n))
        }
        count += n
    }

    @inline(__always) private mutating func present() {
        validity?.append(true)
        count += 1
    }

    public mutating func append(boolean v: Bool) throws(ColumnarError) {
        guard type == .boolean else { throw mismatch("boolean") }
        bools.append(v)
        present()
    }

    public mutating func append(int32 v: Int32) throws(ColumnarError) {
        guard type == .int32 else { throw mismatch("int32") }
        i32.append(v)
        present()
    }

    public mutating func append(date v: Int32) throws(ColumnarError) {
        guard type == .date else { throw mismatch("date") }
        i32.append(v)
        present()
    }

    public mutating func append(int64 v: Int64) throws(ColumnarError) {
        guard type == .int64 else { throw mismatch("int64") }
        i64.append(v)
        present()
    }

    public mutating func append(timestamp v: Int64) throws(ColumnarError) {
        guard type == .timestamp else { throw mismatch("timestamp") }
        i64.append(v)
        present()
    }

    public mutating func append(float32 v: Float) throws(ColumnarError) {
        guard type == .float32 else { throw mismatch("float32") }
        f32.append(v)
        present()
    }

    public mutating func append(float64 v: Double) throws(ColumnarError) {
        guard type == .float64 else { throw mismatch("float64") }
        f64.append(v)
        present()
    }

    /// Appends a string to a string or json column.
    public mutating func append(string v: String) throws(ColumnarError) {
        guard type == .string || type == .json else { throw mismatch("string") }
        var v = v
        v.withUTF8 { bytes.append(contentsOf: $0) }
        offsets.append(bytes.count)
        present()
    }

    /// Appends raw bytes to a string, json or binary column (string bytes should be UTF-8).
    public mutating func append(bytes v: UnsafeRawBufferPointer) throws(ColumnarError) {
        guard type.isVariableLength else { throw mismatch("binary") }
        bytes.append(contentsOf: v)
        offsets.append(bytes.count)
        present()
    }

    public mutating func append(binary v: [UInt8]) throws(ColumnarError) {
        guard type == .binary else { throw mismatch("binary") }
        bytes.append(contentsOf: v)
        offsets.append(bytes.count)
        present()
    }

    /// Appends one value; `.null` appends a null. The value's kind must fit the column's type.
    public mutating func append(_ value: Value) throws(ColumnarError) {
        switch value {
        case .null: appendNull()
        case let .boolean(v): try append(boolean: v)
        case let .int32(v): try append(int32: v)
        case let .int64(v): try append(int64: v)
        case let .float32(v): try append(float32: v)
        case let .float64(v): try append(float64: v)
        case let .string(v): try append(string: v)
        case let .binary(v): try append(binary: v)
        case let .date(v): try append(date: v)
        case let .timestamp(v): try append(timestamp: v)
        }
    }

    /// Appends every row of `column`, which must have this builder's type.
    public mutating func append(contentsOf column: Column) throws(ColumnarError) {
        guard column.type == type else { throw mismatch(column.type.description) }
        let n = column.count
        if let v = column.validity {
            if validity == nil { validity = Bitmap(repeating: true, count: count) }
            for i in 0..<n { validity?.append(v[i]) }
        } else if validity != nil {
            validity?.append(repeating: true, count: n)
        }
        switch column {
        case let .boolean(v): for i in 0..<n { bools.append(v.bits[i]) }
        case let .int32(v), let .date(v): v.withUnsafeBufferPointer { i32.append(contentsOf: $0) }
        case let .int64(v), let .timestamp(v): v.withUnsafeBufferPointer { i64.append(contentsOf: $0) }
        case let .float32(v): v.withUnsafeBufferPointer { f32.append(contentsOf: $0) }
        case let .float64(v): v.withUnsafeBufferPointer { f64.append(contentsOf: $0) }
        case let .string(v), let .binary(v), let .json(v):
            v.withUnsafeBuffers { offs, all in
                let base = offs[0]
                bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: all[base..<offs[n]]))
                let shift = bytes.count - (offs[n] - base) - base
                offsets.reserveCapacity(offsets.count + n)
                for i in 1...n { offsets.append(offs[i] + shift) }
            }
        }
        count += n
    }

    /// The column built so far. The builder stays usable.
    public func finish() -> Column {
        switch type {
        case .boolean: return .boolean(BooleanVector(bools, validity: validity))
        case .int32: return .int32(PrimitiveVector(i32, validity: validity))
        case .date: return .date(PrimitiveVector(i32, validity: validity))
        case .int64: return .int64(PrimitiveVector(i64, validity: validity))
        case .timestamp: return .timestamp(PrimitiveVector(i64, validity: validity))
        case .float32: return .float32(PrimitiveVector(f32, validity: validity))
        case .float64: return .float64(PrimitiveVector(f64, validity: validity))
        case .string: return .string(BinaryVector(offsets: offsets, bytes: bytes, validity: validity))
        case .binary: return .binary(BinaryVector(offsets: offsets, bytes: bytes, validity: validity))
        case .json: return .json(BinaryVector(offsets: offsets, bytes: bytes, validity: validity))
        }
    }

    private func mismatch(_ actual: String) -> ColumnarError {
        .typeMismatch(field: "", expected: type, actual: actual)
    }
}
