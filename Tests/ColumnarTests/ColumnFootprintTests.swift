import Testing
@testable import Columnar

/// `allocatedByteCount`: what a cache holding columns pays for them, capacity and allocation overhead included.
@Suite struct ColumnFootprintTests {
    @Test func countsCapacityNotOnlyValues() {
        var values: [Int64] = [7]
        values.reserveCapacity(1_000)
        let roomy = Column.int64(PrimitiveVector(values))
        let compact = Column.int64(PrimitiveVector([7]))
        #expect(roomy.allocatedByteCount >= 8_000 + 32)
        // One value: one allocation of header, value and malloc's overhead, 48 bytes, unless malloc handed out a
        // chunk a little larger than asked (it does when the rest of a free chunk would be too small to keep).
        #expect(compact.allocatedByteCount >= 48 && compact.allocatedByteCount < 112)
    }

    @Test func aOneRowStringColumnCostsItsThreeAllocations() {
        let plain = Column.string(BinaryVector(strings: ["abc"]))
        let nullable = BinaryVector(strings: ["abc", nil]).take([0, 1])
        // Offsets (2 words) and bytes: two allocations of at least 48 bytes each.
        #expect(plain.allocatedByteCount >= 96)
        // A validity bitmap adds its own: the same buffers without it (shared, not copied) cost at least 48 less.
        let withoutBitmap = BinaryVector(offsets: nullable.offsetStorage, bytes: nullable.byteStorage)
        #expect(Column.string(nullable).allocatedByteCount >= Column.string(withoutBitmap).allocatedByteCount + 48)
        #expect(Column.heapBytes(capacity: 0, stride: 8) == 0)
        #expect(Column.heapBytes(capacity: 1, stride: 1) == 48)
        #expect(Column.heapBytes(capacity: 100, stride: 8) == 848)
    }

    @Test func takeSizesTheCopyExactly() throws {
        let strings = (0..<500).map { "value number \($0) " + String(repeating: "x", count: $0 % 17) }
        let source = BinaryVector(strings: strings)
        let picked = Array(stride(from: 0, to: 500, by: 3))
        let copy = source.take(picked)
        // Sized exactly: only malloc's rounding of the request is left (16 and 24 bytes seen, depending on the
        // arena the allocation came from), where growing by appends would leave up to the whole ~4 KB again.
        #expect(copy.byteStorage.capacity - copy.totalByteCount < 64)
        #expect((0..<picked.count).allSatisfy { copy.string(at: $0) == strings[picked[$0]] })
        let batch = try RecordBatch(schema: try Schema(columns: [("s", .string, true)]), columns: [.string(copy)])
        #expect(batch.allocatedByteCount == Column.heapBytes(capacity: batch.columns.capacity, stride: MemoryLayout<Column>.stride)
            + Column.string(copy).allocatedByteCount)
    }
}
