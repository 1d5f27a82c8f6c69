import Testing
import Codecs
import TestSupport

@Suite struct ChecksumTests {
    private let check = Array("123456789".utf8)

    @Test func crc32KnownVectors() {
        #expect(CRC32.checksum([]) == 0)
        #expect(CRC32.checksum(check) == 0xCBF4_3926)
        #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
    }

    @Test func crc32cKnownVectors() {
        #expect(CRC32C.checksum([]) == 0)
        #expect(CRC32C.checksum(check) == 0xE306_9283)
        // RFC 3720 (iSCSI) B.4 vectors: 32 bytes of zeros, of 0xFF, and ascending 0..31.
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
    }

    @Test func crc32cIncrementalEqualsOneShot() {
        var rng = SeededGenerator(seed: 7)
        for size in [0, 1, 7, 8, 9, 63, 64, 65, 1000, 4097] {
            let data = (0..<size).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let split = size / 3
            var c = CRC32C()
            data[..<split].withUnsafeBytes { c.update($0) }
            data[split...].withUnsafeBytes { c.update($0) }
            #expect(c.value == CRC32C.checksum(data), "size \(size)")
            // Bitwise reference, independent of the table construction.
            var ref: UInt32 = 0xFFFF_FFFF
            for b in data {
                ref ^= UInt32(b)
                for _ in 0..<8 { ref = (ref & 1) != 0 ? (ref >> 1) ^ 0x82F6_3B78 : ref >> 1 }
            }
            #expect(~ref == c.value, "size \(size)")
        }
    }

    /// Inputs long enough for the hardware path's three interleaved streams (blocks of 16 KiB joined by
    /// polynomial multiplication), at lengths and offsets around its block boundaries.
    @Test func crc32cHardwareAndSoftwareAgreeOnLongInputs() throws {
        guard CRC32C.isHardwareAccelerated else { return }
        var rng = SeededGenerator(seed: 48)
        let data = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let block = 16_384
        try data.withUnsafeBytes { all in
            for length in [3 * block - 1, 3 * block, 3 * block + 1, 3 * block + 7, 6 * block, 6 * block + 100, 150_000, 199_000] {
                for start in [0, 1, 5, 8] where start + length <= all.count {
                    let slice = UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])
                    let hw = try #require(CRC32C.hardwareChecksum(slice))
                    #expect(hw == CRC32C.softwareChecksum(slice), "start \(start) length \(length)")
                }
            }
        }
        // Incremental updates that split the input inside a three-block round give the one-shot value.
        var c = CRC32C()
        data[..<70_001].withUnsafeBytes { c.update($0) }
        data[70_001...].withUnsafeBytes { c.update($0) }
        #expect(c.value == data.withUnsafeBytes { CRC32C.softwareChecksum($0) })
    }

    @Test func crc32cHardwareAndSoftwareAgree() throws {
        // The standard check value both ways, then random inputs at every alignment and length around the
        // hardware path's 8- and 32-byte steps.
        check.withUnsafeBytes { raw in
            #expect(CRC32C.softwareChecksum(raw) == 0xE306_9283)
            if CRC32C.isHardwareAccelerated { #expect(CRC32C.hardwareChecksum(raw) == 0xE306_9283) }
        }
        guard CRC32C.isHardwareAccelerated else { return }
        var rng = SeededGenerator(seed: 32)
        let data = (0..<5000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        try data.withUnsafeBytes { all in
            for _ in 0..<2000 {
                let start = Int.random(in: 0..<64, using: &rng)
                let length = Int.random(in: 0...(all.count - start), using: &rng) >> Int.random(in: 0...8, using: &rng)
                let slice = UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])
                let hw = try #require(CRC32C.hardwareChecksum(slice))
                #expect(hw == CRC32C.softwareChecksum(slice), "start \(start) length \(length)")
            }
        }
    }

    @Test func crc32Incremental() {
        var c = CRC32()
        check[..<4].withUnsafeBytes { c.update($0) }
        check[4...].withUnsafeBytes { c.update($0) }
        #expect(c.value == 0xCBF4_3926)
    }
}
