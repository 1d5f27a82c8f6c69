import Testing
import Foundation
@testable import Kafka

/// Every captured frame is encoded or decoded exactly.
@Suite struct SampleFrameTests {
    static let fetchVersions: [Int16] = [4, 12]

    @Test(arguments: Samples.codecs, fetchVersions)
    func fetchRequestMatchesSample(codec: String, version: Int16) throws {
        let request = FetchRequest(maxWaitMs: 100, minBytes: 1, maxBytes: 52_428_800, topics: [
            .init(name: "codec-\(codec)", partitions: [.init(partition: 0, fetchOffset: 0, partitionMaxBytes: 1_048_576)]),
        ])
        let expected = try Samples.frame("fetch_v\(version)_\(codec).request.hex")
        #expect(request.frame(version: version, correlationID: 7, clientID: "kproto") == expected)
    }

    @Test(arguments: Samples.codecs, fetchVersions)
    func fetchResponseDecodesToProducedRecords(codec: String, version: Int16) throws {
        let frame = try Samples.frame("fetch_v\(version)_\(codec).response.hex")
        let (correlation, response) = try FetchRequest.decodeResponseFrame(Array(frame.dropFirst(4)), version: version)
        #expect(correlation == 7)
        #expect(response.errorCode == .none)
        let topic = try #require(response.topics.first)
        #expect(response.topics.count == 1)
        #expect(topic.name == "codec-\(codec)")
        let partition = try #require(topic.partitions.first)
        #expect(partition.partition == 0)
        #expect(partition.errorCode == .none)
        let doc = try Samples.json(codec)
        #expect(partition.highWatermark == (doc["fetch_v\(version)_high_watermark"] as? NSNumber)?.int64Value)
        let range = try #require(partition.records)
        #expect(Array(response.frame[range]) == Samples.hex(doc["fetch_v\(version)_records_hex"] as? String ?? ""))

        var records: [KafkaRecord] = []
        let summary = try RecordBatchDecoder().decode(response.frame, range: range, into: &records)
        #expect(summary.batches == 2)
        #expect(summary.nextOffset == 7)
        #expect(summary.partialBytes == 0)
        try expectProduced(records, codec: codec)

        // From an offset inside the first batch, the records before it are dropped.
        var tail: [KafkaRecord] = []
        _ = try RecordBatchDecoder().decode(response.frame, range: range, minOffset: 3, into: &tail)
        #expect(tail.map(\.offset) == [3, 4, 5, 6])
        #expect(tail == Array(records.dropFirst(3)))
    }

    @Test(arguments: Samples.codecs)
    func librdkafkaProduceBatchesDecode(codec: String) throws {
        let doc = try Samples.json(codec)
        let batches = doc["produce_request_batches_hex"] as? [String] ?? []
        #expect(batches.count == 2)
        var all: [KafkaRecord] = []
        for (i, hex) in batches.enumerated() {
            var records = try RecordBatchDecoder().decodeAll(Samples.hex(hex))
            // Each batch was sent with base offset 0; renumber as the broker did.
            for j in records.indices { records[j].offset += i == 0 ? 0 : 5 }
            all += records
        }
        try expectProduced(all, codec: codec)
    }

    @Test func apiVersionsV0MatchesSample() throws {
        let request = ApiVersionsRequest().frame(version: 0, correlationID: 1, clientID: "api-versions-probe")
        #expect(request == (try Samples.frame("api_versions_v0.request.hex")))
        let frame = try Samples.frame("api_versions_v0.response.hex")
        let (correlation, response) = try ApiVersionsRequest.decodeResponseFrame(Array(frame.dropFirst(4)), version: 0)
        #expect(correlation == 1)
        #expect(response.errorCode == .none)
        #expect(response.apiVersions.count == 36)
        let expected: [ApiKey: ClosedRange<Int16>] = [
            .produce: 0...11, .fetch: 0...17, .listOffsets: 0...9, .metadata: 0...12, .offsetCommit: 0...9,
            .offsetFetch: 0...9, .findCoordinator: 0...6, .joinGroup: 0...9, .heartbeat: 0...4, .leaveGroup: 0...5,
            .syncGroup: 0...5, .apiVersions: 0...4, .createTopics: 0...7, .deleteTopics: 0...6,
        ]
        for (key, range) in expected { #expect(response.apiVersions[key.rawValue] == range, "\(key)") }
        #expect(response.apiVersions[75] == 0...0)
    }

    private func expectProduced(_ records: [KafkaRecord], codec: String) throws {
        let produced = try Samples.produced(codec)
        #expect(records.count == produced.count)
        for (i, (got, want)) in zip(records, produced).enumerated() {
            #expect(got.offset == Int64(i))
            #expect(got.key.map(Array.init) == want.key, "key \(i)")
            #expect(got.value.map(Array.init) == want.value, "value \(i)")
            #expect(got.headers == want.headers, "headers \(i)")
            #expect(got.timestamp == want.timestamp)
            #expect(got.timestampType == .createTime)
        }
        // Null and empty stay distinct.
        #expect(records[1].key == nil)
        #expect(records[2].value == nil)
        #expect(records[3].value == [])
        #expect(records[3].headers[1] == KafkaHeader(key: "h-null", value: nil))
        #expect(records[3].headers[2] == KafkaHeader(key: "h-empty", value: []))
    }
}
