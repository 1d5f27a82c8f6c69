extension Column {
    /// Heap bytes this column's buffers take: each buffer's capacity (not only the bytes in use), Swift's array
    /// header and malloc's chunk header and rounding. What a cache of columns holds on to; the column's inline part
    /// (`MemoryLayout<Column>.stride` in its batch's array) is not included. A buffer shared with another column (a
    /// slice) is counted whole.
    public var allocatedByteCount: Int {
        switch self {
        case let .boolean(v): return v.bits.allocatedByteCount + (v.validity?.allocatedByteCount ?? 0)
        case let .int32(v), let .date(v): return v.allocatedByteCount
        case let .int64(v), let .timestamp(v): return v.allocatedByteCount
        case let .float32(v): return v.allocatedByteCount
        case let .float64(v): return v.allocatedByteCount
        case let .string(v), let .binary(v), let .json(v): return v.allocatedByteCount
        }
    }

    /// Bytes malloc hands out for a Swift array buffer of `capacity` elements of `stride` bytes (none for the shared
    /// empty buffer): a 32-byte object header before the elements, then glibc's 8-byte chunk header and 16-byte
    /// rounding (32-byte minimum).
    public static func heapBytes(capacity: Int, stride: Int) -> Int {
        guard capacity > 0 else { return 0 }
        let request = 32 + capacity * stride
        return max(32, (request + 8 + 15) & ~15)
    }
}

extension Bitmap {
    var allocatedByteCount: Int { Column.heapBytes(capacity: words.capacity, stride: MemoryLayout<UInt64>.stride) }
}

extension PrimitiveVector {
    var allocatedByteCount: Int {
        Column.heapBytes(capacity: storage.capacity, stride: MemoryLayout<Element>.stride) + (validity?.allocatedByteCount ?? 0)
    }
}

extension BinaryVector {
    var allocatedByteCount: Int {
        Column.heapBytes(capacity: offsetStorage.capacity, stride: MemoryLayout<Int>.stride)
            + Column.heapBytes(capacity: byteStorage.capacity, stride: 1) + (validity?.allocatedByteCount ?? 0)
    }
}

extension RecordBatch {
    /// Heap bytes of the batch's columns: the array holding them and each column's buffers
    /// (``Column/allocatedByteCount``). The schema is not counted: batches of one write share it.
    public var allocatedByteCount: Int {
        columns.reduce(Column.heapBytes(capacity: columns.capacity, stride: MemoryLayout<Column>.stride)) { $0 + $1.allocatedByteCount }
    }
}
