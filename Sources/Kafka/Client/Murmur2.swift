/// The 32-bit murmur2 hash exactly as Apache Kafka's default partitioner computes it
/// (seed 0x9747b28c, little-endian 4-byte blocks), so keyed records land where Java and librdkafka's
/// `murmur2_random` partitioner put them.
public enum Murmur2 {
    public static func hash<C: Collection>(_ data: C) -> Int32 where C.Element == UInt8 {
        let bytes = Array(data)
        let m: UInt32 = 0x5BD1_E995
        let length = bytes.count
        var h: UInt32 = 0x9747_B28C ^ UInt32(truncatingIfNeeded: length)
        var i = 0
        while i + 4 <= length {
            var k = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
            k = k &* m
            k ^= k >> 24
            k = k &* m
            h = h &* m
            h ^= k
            i += 4
        }
        let tail = length & ~3
        switch length % 4 {
        case 3:
            h ^= UInt32(bytes[tail + 2]) << 16
            h ^= UInt32(bytes[tail + 1]) << 8
            h ^= UInt32(bytes[tail])
            h = h &* m
        case 2:
            h ^= UInt32(bytes[tail + 1]) << 8
            h ^= UInt32(bytes[tail])
            h = h &* m
        case 1:
            h ^= UInt32(bytes[tail])
            h = h &* m
        default:
            break
        }
        h ^= h >> 13
        h = h &* m
        h ^= h >> 15
        return Int32(bitPattern: h)
    }

    /// The partition Kafka's default partitioner picks for a non-null key.
    public static func partition<C: Collection>(forKey key: C, partitionCount: Int32) -> Int32 where C.Element == UInt8 {
        guard partitionCount > 0 else { return 0 }
        return (hash(key) & 0x7FFF_FFFF) % partitionCount
    }
}
