import Testing
import TestSupport
@testable import Kafka

/// Every response decoder, at every version it implements, on random and truncated input: it must return or
/// throw a `KafkaError`, never trap or allocate from an unchecked length.
@Suite struct DecoderFuzzTests {
    /// Frames mixing small big-endian integers (plausible counts and lengths) with random bytes.
    static func frames(count: Int, seed: UInt64) -> [[UInt8]] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            var frame: [UInt8] = []
            for _ in 0..<Int.random(in: 0...40, using: &rng) {
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: frame += [0, 0, 0, UInt8.random(in: 0...3, using: &rng)]  // int32 count or length
                case 1: frame += [0, UInt8.random(in: 0...8, using: &rng)]  // int16 length
                case 2: frame.append(UInt8.random(in: 0...4, using: &rng))  // compact length, tagged fields
                default: frame += (0..<Int.random(in: 1...8, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                }
            }
            return frame
        }
    }

    static func survives<R: KafkaRequest>(_: R.Type, _ frames: [[UInt8]]) -> Int {
        var decoded = 0
        for version in R.versions {
            for frame in frames where (try? R.decodeResponseFrame(frame, version: version)) != nil { decoded += 1 }
        }
        return decoded
    }

    @Test func everyResponseDecoderSurvivesRandomInput() {
        let frames = Self.frames(count: 400, seed: 0xF022)
        var decoded = 0
        decoded += Self.survives(ApiVersionsRequest.self, frames)
        decoded += Self.survives(MetadataRequest.self, frames)
        decoded += Self.survives(ListOffsetsRequest.self, frames)
        decoded += Self.survives(FetchRequest.self, frames)
        decoded += Self.survives(ProduceRequest.self, frames)
        decoded += Self.survives(FindCoordinatorRequest.self, frames)
        decoded += Self.survives(JoinGroupRequest.self, frames)
        decoded += Self.survives(SyncGroupRequest.self, frames)
        decoded += Self.survives(HeartbeatRequest.self, frames)
        decoded += Self.survives(LeaveGroupRequest.self, frames)
        decoded += Self.survives(OffsetCommitRequest.self, frames)
        decoded += Self.survives(OffsetFetchRequest.self, frames)
        decoded += Self.survives(CreateTopicsRequest.self, frames)
        decoded += Self.survives(DeleteTopicsRequest.self, frames)
        decoded += Self.survives(InitProducerIdRequest.self, frames)
        // Some short frames are valid answers (a Heartbeat is an error code); most are not.
        #expect(decoded > 0)
    }

    @Test func initProducerIdEncodesAndDecodesPerVersion() throws {
        let request = InitProducerIdRequest(producerID: 5, producerEpoch: 2)
        let v0 = request.frame(version: 0, correlationID: 9, clientID: "c")
        // size, key 22, version 0, correlation 9, client id "c", null transactional id, timeout int32.max
        #expect(v0 == [0, 0, 0, 17, 0, 22, 0, 0, 0, 0, 0, 9, 0, 1, 0x63, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF])
        let v3 = request.frame(version: 3, correlationID: 9, clientID: "c")
        // header v2 adds a tagged-field byte; compact null string; then producer id and epoch, tagged fields.
        #expect(Array(v3[4...]) == [0, 22, 0, 3, 0, 0, 0, 9, 0, 1, 0x63, 0, 0, 0x7F, 0xFF, 0xFF, 0xFF,
                                    0, 0, 0, 0, 0, 0, 0, 5, 0, 2, 0])
        // Response v2 (flexible): correlation, header tags, throttle, error, producer id, epoch, tags.
        let answer: [UInt8] = [0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]
        let (id, response) = try InitProducerIdRequest.decodeResponseFrame(answer, version: 2)
        #expect(id == 9)
        #expect(response == .init(errorCode: .none, producerID: 1, producerEpoch: 0))
        #expect(throws: KafkaError.self) { try InitProducerIdRequest.decodeResponseFrame(Array(answer.dropLast(3)), version: 2) }
    }

    @Test func reconnectBackoffDoublesUpToItsCap() {
        let config = KafkaConfig(bootstrap: [("h", 1)], retryBackoffMs: 100, maxRetryBackoffMs: 1_000)
        #expect((0...6).map { config.backoffMs(failures: $0) } == [0, 100, 200, 400, 800, 1_000, 1_000])
        #expect(config.backoffMs(failures: 10_000) == 1_000)
    }
}
