import Testing
import Codecs
import TestSupport
@testable import Kafka

/// Record batches built here decode back exactly; damaged ones give typed errors, never a crash.
@Suite struct RecordBatchTests {
    static let records: [ProducerRecord] = (0..<40).map { i in
        ProducerRecord(key: i % 5 == 0 ? nil : Array("key-\(i)".utf8),
                       value: i % 7 == 0 ? nil : (i % 9 == 0 ? [] : Array(repeating: UInt8(i), count: i * 10)),
                       headers: i % 4 == 0 ? [KafkaHeader(key: "a", value: nil), KafkaHeader(key: "b", value: [])] : [],
                       timestamp: 1_700_000_000_000 + Int64(i * 3))
    }

    @Test(arguments: KafkaCompression.allCases)
    func encodeDecodeRoundTrip(codec: KafkaCompression) throws {
        let batch = try RecordBatchEncoder(compression: codec).encode(Self.records, now: 0)
        #expect(batch[22] & 0x07 == UInt8(codec.rawValue))
        let decoded = try RecordBatchDecoder().decodeAll(batch)
        #expect(decoded.count == Self.records.count)
        for (i, (got, want)) in zip(decoded, Self.records).enumerated() {
            #expect(got.offset == Int64(i))
            #expect(got.key.map(Array.init) == want.key)
            #expect(got.value.map(Array.init) == want.value)
            #expect(got.headers == want.headers)
            #expect(got.timestamp == want.timestamp)
        }
        #expect(try RecordBatchDecoder().decodeAll(batch, minOffset: 35).map(\.offset) == [35, 36, 37, 38, 39])
    }

    @Test func xerialFramedSnappyDecodes() throws {
        let plain = try RecordBatchEncoder().encode(Self.records, now: 0)
        let body = Array(plain[61...])
        var batch = Array(plain[..<61])
        batch[22] = 2  // snappy
        batch += try body.withUnsafeBytes { try Snappy.compressXerial($0) }
        RecordBatchEncoder.seal(&batch)
        let decoded = try RecordBatchDecoder().decodeAll(batch)
        #expect(decoded == (try RecordBatchDecoder().decodeAll(plain)))
    }

    @Test func corruptedBatchFailsItsChecksum() throws {
        var batch = try RecordBatchEncoder().encode(Self.records, now: 0)
        batch[100] ^= 0x01
        #expect {
            _ = try RecordBatchDecoder().decodeAll(batch)
        } throws: { error in
            guard case .crcMismatch(baseOffset: 0, _, _) = error as? KafkaError else { return false }
            return true
        }
    }

    @Test func unknownCodecAndMagicAreTypedErrors() throws {
        var batch = try RecordBatchEncoder().encode(Self.records, now: 0)
        batch[22] = 0x05
        RecordBatchEncoder.seal(&batch)
        #expect(throws: KafkaError.unknownCodec(baseOffset: 0, codec: 5)) { try RecordBatchDecoder().decodeAll(batch) }
        batch[16] = 1
        #expect(throws: KafkaError.unsupportedMagic(baseOffset: 0, magic: 1)) { try RecordBatchDecoder().decodeAll(batch) }
    }

    @Test func controlBatchesAreSkippedButAdvanceTheOffset() throws {
        var control = try RecordBatchEncoder().encode([ProducerRecord(key: [0, 0, 0, 0], value: [0, 0, 0, 0, 0, 0])], now: 0)
        control[22] = 0x30  // transactional + control
        RecordBatchEncoder.seal(&control)
        var data = try RecordBatchEncoder().encode(Array(Self.records.prefix(3)), now: 0)
        data.replaceSubrange(0..<8, with: [0, 0, 0, 0, 0, 0, 0, 1])
        RecordBatchEncoder.seal(&data)
        var records: [KafkaRecord] = []
        let buffer = control + data
        let summary = try RecordBatchDecoder().decode(buffer, range: 0..<buffer.count, into: &records)
        #expect(records.map(\.offset) == [1, 2, 3])
        #expect(summary.nextOffset == 4)
        #expect(summary.batches == 2)
    }

    @Test func trailingPartialBatchIsIgnored() throws {
        let batch = try RecordBatchEncoder().encode(Self.records, now: 0)
        let buffer = batch + batch.prefix(30)
        var records: [KafkaRecord] = []
        let summary = try RecordBatchDecoder().decode(buffer, range: 0..<buffer.count, into: &records)
        #expect(records.count == Self.records.count)
        #expect(summary.partialBytes == 30)
    }

    /// Mutations of every sample response and of sealed batches: decoding must throw a KafkaError or succeed.
    @Test func mutatedInputNeverCrashes() throws {
        var rng = SeededGenerator(seed: 0x5EED)
        var inputs: [(Int16, [UInt8])] = []
        for codec in Samples.codecs {
            for version: Int16 in [4, 12] {
                inputs.append((version, Array(try Samples.frame("fetch_v\(version)_\(codec).response.hex").dropFirst(4))))
            }
        }
        var outcomes = (ok: 0, failed: 0)
        for iteration in 0..<3000 {
            let (version, original) = inputs[iteration % inputs.count]
            var frame = original
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let at = Int.random(in: 0..<frame.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: frame[at] = UInt8.random(in: 0...255, using: &rng)
                case 1: frame.removeSubrange(at..<min(frame.count, at + Int.random(in: 1...20, using: &rng)))
                default: frame[at] ^= 0x80
                }
                if frame.isEmpty { frame = [0] }
            }
            do {
                let (_, response) = try FetchRequest.decodeResponseFrame(frame, version: version)
                for p in response.topics.flatMap(\.partitions) {
                    guard let range = p.records else { continue }
                    var records: [KafkaRecord] = []
                    _ = try RecordBatchDecoder().decode(response.frame, range: range, into: &records)
                }
                outcomes.ok += 1
            } catch {
                outcomes.failed += 1
            }
        }
        #expect(outcomes.failed > 1000)

        // The handshake answer, mutated, decoded at every implemented version.
        let apiVersions = Array(try Samples.frame("api_versions_v0.response.hex").dropFirst(4))
        var handshakeFailures = 0
        for iteration in 0..<2000 {
            var frame = apiVersions
            let at = Int.random(in: 0..<frame.count, using: &rng)
            frame[at] = UInt8.random(in: 0...255, using: &rng)
            if iteration % 3 == 0 { frame.removeLast(Int.random(in: 0..<frame.count, using: &rng)) }
            let version = Int16(iteration % 4)
            if (try? ApiVersionsRequest.decodeResponseFrame(frame, version: version)) == nil { handshakeFailures += 1 }
        }
        #expect(handshakeFailures > 0)

        // Mutate record bodies and re-seal so the checksum passes and the record parser sees the damage.
        let clean = try RecordBatchEncoder().encode(Self.records, now: 0)
        var parsedDamaged = 0
        for _ in 0..<3000 {
            var batch = clean
            let at = Int.random(in: 61..<batch.count, using: &rng)
            batch[at] = UInt8.random(in: 0...255, using: &rng)
            RecordBatchEncoder.seal(&batch)
            if (try? RecordBatchDecoder().decodeAll(batch)) != nil { parsedDamaged += 1 }
        }
        #expect(parsedDamaged < 3000)
    }
}
