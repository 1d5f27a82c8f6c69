import CShims

/// CRC-32C (Castagnoli), the checksum of Kafka record batches and of every columnar page: with the CPU's
/// CRC-32C instruction when it has one (x86-64 SSE4.2, checked at run time), else slicing-by-8 in software.
///
/// zlib has no CRC-32C and the other linked libraries do not export one, so it is implemented here.
public struct CRC32C: Sendable {
    /// The checksum of everything fed so far.
    public var value: UInt32 { ~state }
    private var state: UInt32 = 0xFFFF_FFFF

    public init() {}

    /// Whether checksums use the CPU's CRC-32C instruction.
    public static let isHardwareAccelerated = swiftlake_crc32c_hw_available() != 0

    /// Feeds more bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        if CRC32C.isHardwareAccelerated {
            state = swiftlake_crc32c_hw_update(state, bytes.baseAddress, bytes.count)
        } else {
            updateSoftware(bytes)
        }
    }

    /// The CRC-32C of `bytes` computed in software even where the CPU could do it (to test one against the other).
    public static func softwareChecksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var c = CRC32C()
        c.updateSoftware(bytes)
        return c.value
    }

    /// The CRC-32C of `bytes` computed by the CPU's instruction, or nil when this CPU has none.
    public static func hardwareChecksum(_ bytes: UnsafeRawBufferPointer) -> UInt32? {
        guard isHardwareAccelerated else { return nil }
        return ~swiftlake_crc32c_hw_update(0xFFFF_FFFF, bytes.baseAddress, bytes.count)
    }

    private mutating func updateSoftware(_ bytes: UnsafeRawBufferPointer) {
        var crc = state
        let n = bytes.count
        var i = 0
        CRC32C.tables.withUnsafeBufferPointer { t in
            while i + 8 <= n {
                let lo = UInt32(littleEndianBytes: bytes, at: i) ^ crc
                let hi = UInt32(littleEndianBytes: bytes, at: i + 4)
                crc = t[7 &* 256 &+ Int(lo & 0xFF)] ^ t[6 &* 256 &+ Int((lo >> 8) & 0xFF)]
                    ^ t[5 &* 256 &+ Int((lo >> 16) & 0xFF)] ^ t[4 &* 256 &+ Int(lo >> 24)]
                    ^ t[3 &* 256 &+ Int(hi & 0xFF)] ^ t[2 &* 256 &+ Int((hi >> 8) & 0xFF)]
                    ^ t[1 &* 256 &+ Int((hi >> 16) & 0xFF)] ^ t[Int(hi >> 24)]
                i &+= 8
            }
            while i < n {
                crc = t[Int((crc ^ UInt32(bytes[i])) & 0xFF)] ^ (crc >> 8)
                i &+= 1
            }
        }
        state = crc
    }

    /// The CRC-32C of `bytes`.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var c = CRC32C()
        c.update(bytes)
        return c.value
    }

    /// The CRC-32C of `bytes`.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }

    /// Eight 256-entry tables for the reflected polynomial 0x82F63B78; table k advances a byte by k+1 positions.
    private static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for b in 0..<256 {
            var c = UInt32(b)
            for _ in 0..<8 { c = (c & 1) != 0 ? (c >> 1) ^ 0x82F6_3B78 : c >> 1 }
            t[b] = c
        }
        for k in 1..<8 {
            for b in 0..<256 {
                let prev = t[(k - 1) * 256 + b]
                t[k * 256 + b] = t[Int(prev & 0xFF)] ^ (prev >> 8)
            }
        }
        return t
    }()
}

extension UInt32 {
    @inline(__always)
    init(littleEndianBytes bytes: UnsafeRawBufferPointer, at offset: Int) {
        self = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
}
