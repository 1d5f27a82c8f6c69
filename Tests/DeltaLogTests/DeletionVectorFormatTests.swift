import Testing
import TestSupport
import Foundation
@testable import DeltaLog

@Suite struct DeletionVectorFormatTests {
    /// The inline example of the Delta protocol: rows 3, 4, 7, 11, 18 and 29 in 40 bytes (in the older
    /// "native" layout); SwiftLake writes the portable layout the protocol text specifies.
    @Test func protocolInlineExampleDecodes() throws {
        let d = DeletionVectorDescriptor(storageType: "i", pathOrInlineDv: "wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L",
                                         offset: nil, sizeInBytes: 40, cardinality: 6)
        let dir = try TemporaryDirectory()
        let store = DeletionVectorStore(storage: LocalStorage(root: dir.path), location: dir.path)
        let bitmap = try store.load(d)
        #expect(bitmap.positions == [3, 4, 7, 11, 18, 29])
        let portable = bitmap.serialized()
        #expect(Array(portable.prefix(12)) == [0xD1, 0xD3, 0x39, 0x64, 1, 0, 0, 0, 0, 0, 0, 0])
        #expect(try RoaringBitmapArray(serialized: portable) == bitmap)
        #expect(Z85.decode(Z85.encode(portable), count: portable.count) == portable)
    }

    /// The protocol's relative-path example: prefix "ab" and the Z85 of a UUID.
    @Test func protocolPathExampleResolves() throws {
        let d = DeletionVectorDescriptor(storageType: "u", pathOrInlineDv: "ab^-aqEH.-t@S}K{vb[*k^", offset: 4, sizeInBytes: 40, cardinality: 6)
        let store = DeletionVectorStore(storage: LocalStorage(root: "/nonexistent"), location: "/nonexistent")
        #expect(try store.path(of: d) == "ab/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin")
        let p = DeletionVectorDescriptor(storageType: "p", pathOrInlineDv: "file:///t/x/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin",
                                         offset: 1, sizeInBytes: 40, cardinality: 6)
        #expect(try DeletionVectorStore(storage: LocalStorage(root: "/t/x"), location: "/t/x").path(of: p)
            == "deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin")
    }

    @Test func roundTripsAcrossBucketsAndContainers() throws {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<50 {
            var values: [UInt64] = []
            for _ in 0..<Int.random(in: 0...3000, using: &rng) {
                let high = UInt64.random(in: 0...3, using: &rng) << 32
                values.append(high | UInt64.random(in: 0...200_000, using: &rng))
            }
            // A dense run, so run and bitmap containers are exercised too.
            let start = UInt64.random(in: 0...1_000_000, using: &rng)
            values.append(contentsOf: start..<(start + UInt64.random(in: 0...70_000, using: &rng)))
            let bitmap = RoaringBitmapArray(values)
            let back = try RoaringBitmapArray(serialized: bitmap.serialized())
            #expect(back == bitmap)
            #expect(back.cardinality == Set(values).count)
        }
    }

    @Test func rejectsDamagedBytes() throws {
        let good = RoaringBitmapArray([1, 2, 3, 1 << 33]).serialized()
        var badMagic = good
        badMagic[0] ^= 1
        #expect(throws: DeletionVectorFormatError.self) { try RoaringBitmapArray(serialized: badMagic) }
        #expect(throws: DeletionVectorFormatError.self) { try RoaringBitmapArray(serialized: Array(good.dropLast(3))) }
        #expect(throws: DeletionVectorFormatError.self) { try RoaringBitmapArray(serialized: good + [0]) }
        var hugeCount = good
        hugeCount[11] = 0x7F
        #expect(throws: DeletionVectorFormatError.self) { try RoaringBitmapArray(serialized: hugeCount) }
        // Random garbage never traps.
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<500 {
            var bytes = good
            bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            _ = try? RoaringBitmapArray(serialized: bytes)
        }
    }

    @Test func fileStorageFramesAndChecksums() throws {
        let dir = try TemporaryDirectory()
        let storage = LocalStorage(root: dir.path)
        let store = DeletionVectorStore(storage: storage, location: dir.path)
        let small = RoaringBitmapArray([5])
        let big = RoaringBitmapArray((0..<5000).map { UInt64($0 * 3) })
        let bigger = RoaringBitmapArray((0..<9000).map { UInt64($0 * 7) })
        let ds = try store.store([small, big, bigger], inlineThreshold: 64)
        #expect(ds.map(\.storageType) == ["i", "u", "u"])
        #expect(ds[1].offset == 1)
        #expect(try store.load(ds[0]) == small)
        #expect(try store.load(ds[1]) == big)
        #expect(try store.load(ds[2]) == bigger)
        let path = try #require(try store.path(of: ds[1]))
        #expect(DeletionVectorStore.isDeletionVectorFile(path))
        // The file is: version 1, then per vector a big-endian size, the bitmap, and its CRC-32.
        var bytes = try storage.read(path)
        #expect(bytes[0] == 1)
        #expect(Array(bytes[1..<5]) == withUnsafeBytes(of: UInt32(ds[1].sizeInBytes).bigEndian) { Array($0) })
        bytes[Int(ds[1].offset ?? 0) + 10] ^= 0xFF
        try storage.write(path, bytes)
        #expect(throws: DeltaLogError.self) { try store.load(ds[1]) }
        var wrongCount = ds[2]
        wrongCount.cardinality += 1
        #expect(throws: DeltaLogError.self) { try store.load(wrongCount) }
    }
}
