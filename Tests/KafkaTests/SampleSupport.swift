import Foundation
@testable import Kafka

/// The wire samples captured from the test broker (copied from shared/docs/kafka/samples).
enum Samples {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Samples")
    static let codecs = ["none", "gzip", "snappy", "lz4", "zstd"]

    struct Produced {
        var key: [UInt8]?
        var value: [UInt8]?
        var headers: [KafkaHeader]
        var timestamp: Int64
    }

    static func hex(_ text: String) -> [UInt8] {
        let chars = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i + 1 < chars.count {
            out.append(UInt8(nibble(chars[i]) << 4 | nibble(chars[i + 1])))
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8 {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        default: return 0
        }
    }

    static func frame(_ name: String) throws -> [UInt8] {
        hex(try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
    }

    static func json(_ codec: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("\(codec).json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// The records the producer was given, flattened across both flushes (offsets 0...6).
    static func produced(_ codec: String) throws -> [Produced] {
        let doc = try json(codec)
        let batches = doc["produced"] as? [[[String: Any]]] ?? []
        return batches.flatMap { $0 }.map { r in
            let headers = (r["headers"] as? [[Any]] ?? []).map { pair in
                KafkaHeader(key: pair[0] as? String ?? "", value: (pair[1] as? String).map(hex))
            }
            return Produced(key: (r["key"] as? String).map(hex), value: (r["value"] as? String).map(hex),
                            headers: headers, timestamp: (r["timestamp"] as? NSNumber)?.int64Value ?? -1)
        }
    }
}
